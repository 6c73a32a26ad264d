"""Demo content for the Clearwater Pain Clinic website.

Plain Python data only: no imports, no database access. A loader elsewhere can
turn these dicts into Wagtail pages, snippets and settings.

All text is written for patients: short sentences, everyday words, a calm tone.
The clinic, its address, its staff and its patients are fictional.
"""

CLINIC = {
    "clinic_name": "Clearwater Pain Clinic",
    "phone": "(555) 010-0199",
    "email": "hello@clearwater-pain.example",
    "street_address": "410 Lakeshore Drive, Suite 200",
    "city": "Springfield",
    "region": "OR",
    "postal_code": "97477",
    "opening_hours": "Monday to Thursday: 8am to 5pm\nFriday: 8am to 3pm",
}

GROUPS = [
    {
        "name": "Back and neck pain",
        "slug": "back-and-neck-pain",
        "description": "Pain in your lower back, upper back or neck, including pain that spreads into an arm or leg.",
        "sort_order": 10,
    },
    {
        "name": "Nerve pain",
        "slug": "nerve-pain",
        "description": "Burning, shooting or tingling pain that comes from hurt or irritated nerves.",
        "sort_order": 20,
    },
    {
        "name": "Headache and migraine",
        "slug": "headache-and-migraine",
        "description": "Headaches and migraine attacks that keep coming back or do not get better with usual care.",
        "sort_order": 30,
    },
    {
        "name": "Whole-body pain",
        "slug": "whole-body-pain",
        "description": "Pain that spreads across many parts of the body, often with tiredness and poor sleep.",
        "sort_order": 40,
    },
    {
        "name": "Treatments",
        "slug": "treatments",
        "description": "The treatments we offer, what to expect at a visit and how they may help.",
        "sort_order": 50,
    },
]

CALLS_TO_ACTION = [
    {
        "name": "Book a consultation",
        "heading": "Talk with our team about your pain",
        "text": (
            "A first visit is a chance to tell your story and ask questions. "
            "We will look at what you have tried so far and talk about options that may fit you. "
            "There is no pressure to start any treatment."
        ),
        "button_label": "Book a consultation",
        "link_page_slug": "low-dose-ketamine-infusions",
    },
    {
        "name": "Ask about tapering support",
        "heading": "Thinking about taking less opioid medicine?",
        "text": (
            "You do not have to do it alone. "
            "Our team can help you make a slow, safe plan and stay with you along the way."
        ),
        "button_label": "Learn about tapering",
        "link_page_slug": "tapering-off-opioids",
    },
    {
        "name": "Prepare for your first visit",
        "heading": "Getting ready for your first visit",
        "text": (
            "Find out what to bring, how long the visit takes and what we will ask you. "
            "Knowing what to expect can make the day feel easier."
        ),
        "button_label": "Plan your visit",
        "link_url": "https://clearwater-pain.example/first-visit/",
    },
]

HOME = {
    "title": "Home",
    "welcome_heading": "Living with chronic pain is hard. You do not have to face it alone.",
    "welcome_text": (
        "Clearwater Pain Clinic helps people with long-lasting pain find new ways to feel better. "
        "We offer treatments such as low-dose ketamine infusions and nerve blocks, often as an option "
        "besides opioids. Start by reading about your condition, then talk with us and your own doctor."
    ),
    "featured": [
        "low-dose-ketamine-infusions",
        "chronic-low-back-pain",
        "neuropathic-pain",
        "fibromyalgia",
        "refractory-migraine",
        "tapering-off-opioids",
    ],
    "call_to_action": "Book a consultation",
}

TOPIC_INDEX = {
    "title": "Health topics",
    "slug": "topics",
    "introduction": (
        "Find plain-language guides to the kinds of pain we treat and the treatments we offer. "
        "Search by the name you know, or browse by group. "
        "These pages are for learning. They do not replace advice from your own doctor."
    ),
}

TOPICS = [
    # 1. Low-dose ketamine infusions
    {
        "title": "Low-dose ketamine infusions",
        "slug": "low-dose-ketamine-infusions",
        "kind": "treatment",
        "summary": (
            "Low-dose ketamine is given slowly through a drip in your arm to help calm pain signals that "
            "have become stuck on high. It may ease some kinds of long-lasting pain when other treatments "
            "have not helped enough."
        ),
        "also_called": ["ketamine therapy", "ketamine IV", "ketamine infusion therapy", "ketamine for pain"],
        "groups": ["treatments"],
        "related": [
            "complex-regional-pain-syndrome",
            "neuropathic-pain",
            "fibromyalgia",
            "refractory-migraine",
            "tapering-off-opioids",
        ],
        "medical_reviewer": "Dr. Maya Okafor, MD, Anesthesiology and Pain Medicine",
        "body": [
            (
                "text",
                {
                    "heading": "Why ketamine for pain?",
                    "text": (
                        "<p>Ketamine has been used in hospitals for many years. At much larger doses, it is "
                        "used to put people to sleep for surgery. At the <b>low doses</b> we use, you stay "
                        "awake.</p>"
                        "<p>Doctors now use low doses to treat some types of chronic pain. It is not an "
                        "opioid, and it may help people who want to rely less on opioids.</p>"
                    ),
                },
            ),
            (
                "treatment_explanation",
                {
                    "treatment": "Low-dose ketamine infusion",
                    "how_it_works": (
                        "<p>When pain goes on for a long time, the nerves in your spinal cord and brain can "
                        "become too sensitive. It is a bit like a volume knob that got stuck on loud.</p>"
                        "<p>Part of this comes from tiny switches on nerve cells called <b>NMDA "
                        "receptors</b>. Ketamine blocks these switches for a while. This may help turn the "
                        "pain volume back down.</p>"
                    ),
                    "what_a_visit_is_like": (
                        "<ul>"
                        "<li>You rest in a soft reclining chair in a quiet room.</li>"
                        "<li>A nurse puts a small IV line in your arm. The medicine drips in slowly, most "
                        "often over about an hour or a little longer.</li>"
                        "<li>We check your blood pressure, heart rate and breathing the whole time.</li>"
                        "<li>You will need someone to drive you home. Plan to rest for the rest of the "
                        "day.</li>"
                        "</ul>"
                    ),
                    "risks_and_side_effects": (
                        "<p>Many people feel dreamy, floaty or a little far away during the drip. Some feel "
                        "sick to their stomach or dizzy. Blood pressure may go up for a short time.</p>"
                        "<p>These effects are usually brief and fade soon after the drip stops. Tell the "
                        "nurse if anything feels wrong. We can slow down or stop at any time.</p>"
                    ),
                    "how_long_relief_lasts": (
                        "<p>It is different for everyone. Some people feel relief for weeks or even months. "
                        "Others get little or no benefit.</p>"
                        "<p>Treatment usually starts with a <b>series of infusions</b> over a few days or "
                        "weeks. If it helps, you may come back for <b>booster</b> visits when the pain "
                        "starts to return.</p>"
                    ),
                },
            ),
            (
                "faq",
                {
                    "heading": "Questions people often ask",
                    "questions": [
                        {
                            "question": "Is ketamine right for me?",
                            "answer": (
                                "<p>It may be worth asking about if you have pain like CRPS, nerve pain or "
                                "hard-to-treat migraine. It is not safe for everyone. For example, it may "
                                "not suit people with some heart problems, very high blood pressure, or "
                                "a history of psychosis. Talk to your doctor and our team.</p>"
                            ),
                        },
                        {
                            "question": "Can I eat before my infusion?",
                            "answer": (
                                "<p>We will ask you not to eat for a few hours before. This helps lower the "
                                "chance of feeling sick. We will give you clear instructions when you "
                                "book.</p>"
                            ),
                        },
                        {
                            "question": "Can I become addicted to ketamine?",
                            "answer": (
                                "<p>Ketamine can be misused outside of medical care. At our clinic, doses "
                                "are low, and you only get it during a visit, with staff watching. Tell us "
                                "if you have had problems with alcohol or drugs, so we can plan safely "
                                "together.</p>"
                            ),
                        },
                        {
                            "question": "Will insurance pay for it?",
                            "answer": (
                                "<p>Many insurance plans do not cover ketamine for pain yet. Our front desk "
                                "can help you check your plan and explain the costs before you start.</p>"
                            ),
                        },
                    ],
                },
            ),
            (
                "patient_quote",
                {
                    "quote": (
                        "I was nervous before my first infusion. The nurse sat with me and explained "
                        "everything. The floaty feeling was strange, but it passed. A few weeks later I "
                        "noticed I was sleeping better."
                    ),
                    "attribution": "R., treated for nerve pain",
                },
            ),
            ("call_to_action", {"call_to_action": "Book a consultation"}),
        ],
    },
    # 2. Complex regional pain syndrome
    {
        "title": "Complex regional pain syndrome (CRPS)",
        "slug": "complex-regional-pain-syndrome",
        "kind": "condition",
        "summary": (
            "CRPS is strong, lasting pain, most often in an arm, hand, leg or foot, that is far worse than "
            "the injury that started it. Early care and gentle movement may help keep it from getting worse."
        ),
        "also_called": ["CRPS", "reflex sympathetic dystrophy", "RSD", "causalgia"],
        "groups": ["nerve-pain", "whole-body-pain"],
        "related": ["neuropathic-pain", "low-dose-ketamine-infusions", "nerve-blocks", "pain-psychology"],
        "medical_reviewer": "Dr. Maya Okafor, MD, Anesthesiology and Pain Medicine",
        "body": [
            (
                "condition_overview",
                {
                    "heading": "What is CRPS?",
                    "what_it_is": (
                        "<p>CRPS is a kind of long-lasting pain. It often starts after a broken bone, a "
                        "sprain, surgery or another injury. Instead of healing as expected, the pain stays "
                        "and can become much stronger than the injury itself.</p>"
                        "<p>Experts think the nerves and the body's alarm system start sending too many "
                        "pain messages. The pain is real, even when scans look normal.</p>"
                    ),
                    "who_it_affects": (
                        "<p>Anyone can get CRPS, including children. It is more common in women and in "
                        "adults in middle age. It is not common, so it can take time to get a "
                        "diagnosis.</p>"
                    ),
                },
            ),
            (
                "symptoms",
                {
                    "heading": "Signs of CRPS",
                    "introduction": "Symptoms often change over time. You may notice some of these in the hurt limb:",
                    "symptoms": [
                        "Burning, throbbing or stabbing pain that does not match the injury",
                        "Skin that hurts with a light touch, a breeze or clothing",
                        "Swelling, or skin that looks red, blue, purple or blotchy",
                        "The limb feels hotter or colder than the other side",
                        "Changes in how hair or nails grow",
                        "Stiff joints, weakness or trouble moving the limb",
                    ],
                },
            ),
            (
                "text",
                {
                    "heading": "How CRPS may be treated",
                    "text": (
                        "<p>Starting care early may give the best chance of improvement. Most plans use "
                        "several treatments together:</p>"
                        "<ul>"
                        "<li><b>Physical and occupational therapy</b> to slowly get the limb moving again</li>"
                        "<li>Medicines for nerve pain</li>"
                        "<li><b>Nerve blocks</b> to calm pain for a while so therapy is easier</li>"
                        "<li><b>Low-dose ketamine infusions</b> for some people</li>"
                        "<li>Pain psychology to help with stress, sleep and mood</li>"
                        "</ul>"
                    ),
                },
            ),
            (
                "patient_quote",
                {
                    "quote": (
                        "For a year, nobody could tell me why my foot burned so much after a simple sprain. "
                        "Just having a name for it helped. Therapy is slow, but I am walking farther now."
                    ),
                    "attribution": "Dana, living with CRPS",
                },
            ),
            ("call_to_action", {"call_to_action": "Book a consultation"}),
        ],
    },
    # 3. Fibromyalgia
    {
        "title": "Fibromyalgia",
        "slug": "fibromyalgia",
        "kind": "condition",
        "summary": (
            "Fibromyalgia causes aching pain in many parts of the body, along with deep tiredness and poor "
            "sleep. There is no cure yet, but many people find that a mix of treatments helps them feel better."
        ),
        "also_called": ["fibro", "fibromyalgia syndrome", "FMS"],
        "groups": ["whole-body-pain"],
        "related": ["pain-psychology", "low-dose-ketamine-infusions", "chronic-low-back-pain"],
        "medical_reviewer": "Dr. Priya Natarajan, MD, Physical Medicine and Rehabilitation",
        "body": [
            (
                "condition_overview",
                {
                    "heading": "What is fibromyalgia?",
                    "what_it_is": (
                        "<p>Fibromyalgia is a long-term condition that causes pain and soreness all over "
                        "the body. It does not damage your joints or muscles. Instead, the brain and nerves "
                        "seem to turn pain signals up too high.</p>"
                    ),
                    "who_it_affects": (
                        "<p>It is more common in women, but men and teens can have it too. It often starts "
                        "in middle age. Some people notice it after an illness, an injury or a very "
                        "stressful time.</p>"
                    ),
                },
            ),
            (
                "symptoms",
                {
                    "heading": "Common symptoms",
                    "introduction": "Symptoms can come and go. Many people have good days and bad days.",
                    "symptoms": [
                        "Aching or burning pain on both sides of the body, above and below the waist",
                        "Feeling very tired, even after a full night in bed",
                        "Waking up feeling stiff or not rested",
                        "Trouble thinking clearly or remembering things, often called fibro fog",
                        "Headaches",
                        "Stomach problems, such as cramps, bloating or changes in bowel habits",
                    ],
                },
            ),
            (
                "faq",
                {
                    "heading": "Common questions",
                    "questions": [
                        {
                            "question": "Is fibromyalgia all in my head?",
                            "answer": (
                                "<p>No. Your pain is real. Fibromyalgia changes how the nervous system "
                                "handles pain signals. Blood tests and scans are often normal, but that "
                                "does not mean nothing is wrong.</p>"
                            ),
                        },
                        {
                            "question": "Do opioids help fibromyalgia?",
                            "answer": (
                                "<p>Opioids usually do not help fibromyalgia pain much, and they carry "
                                "risks. Most experts suggest other treatments first. If you take opioids "
                                "now, do not stop on your own. Talk to your doctor about a safe plan.</p>"
                            ),
                        },
                        {
                            "question": "Can ketamine help fibromyalgia?",
                            "answer": (
                                "<p>Some people with fibromyalgia try ketamine infusions, but the results "
                                "are mixed. It may help some people and not others. We can talk through "
                                "whether it makes sense for you.</p>"
                            ),
                        },
                    ],
                },
            ),
            (
                "text",
                {
                    "heading": "Things that may help",
                    "text": (
                        "<ul>"
                        "<li><b>Gentle, regular movement</b>, like walking, swimming or stretching. Start "
                        "small and build up slowly.</li>"
                        "<li><b>Good sleep habits</b>, such as going to bed and getting up at the same "
                        "times.</li>"
                        "<li><b>Certain medicines</b> that calm nerve pain or help sleep. Your doctor can "
                        "tell you which may suit you.</li>"
                        "<li><b>Talking therapy</b> to help you cope with pain, stress and low mood.</li>"
                        "</ul>"
                    ),
                },
            ),
            ("call_to_action", {"call_to_action": "Book a consultation"}),
        ],
    },
    # 4. Sciatica
    {
        "title": "Sciatica",
        "slug": "sciatica",
        "kind": "condition",
        "summary": (
            "Sciatica is pain that runs from your lower back or buttock down one leg, often caused by a "
            "pressed nerve. Many people get better within weeks to months, and staying gently active often helps."
        ),
        "also_called": ["slipped disc", "herniated disc", "pinched nerve in the back", "lumbar radiculopathy"],
        "groups": ["back-and-neck-pain", "nerve-pain"],
        "related": ["chronic-low-back-pain", "nerve-blocks", "neuropathic-pain"],
        "medical_reviewer": "Dr. Priya Natarajan, MD, Physical Medicine and Rehabilitation",
        "body": [
            (
                "condition_overview",
                {
                    "heading": "What is sciatica?",
                    "what_it_is": (
                        "<p>The sciatic nerve is the longest nerve in your body. It runs from your lower "
                        "back, through your buttock and down the back of each leg.</p>"
                        "<p>Sciatica happens when something presses on or irritates this nerve. Most often "
                        "it is a bulging or slipped disc in the spine. Bony growths or narrowing of the "
                        "spine can also cause it.</p>"
                    ),
                    "who_it_affects": (
                        "<p>It is most common in adults between 30 and 60. Heavy lifting, long hours of "
                        "sitting and getting older can all raise the chance of getting it.</p>"
                    ),
                },
            ),
            (
                "urgent_help",
                {
                    "level": "emergency",
                    "heading": "Call 911 or go to the emergency room if you have back pain and:",
                    "warning_signs": [
                        "You lose control of your bladder or bowels, or you cannot pee",
                        "You have numbness around your groin, genitals, bottom or inner thighs (the saddle area)",
                        "One or both legs suddenly become weak, or the weakness is getting worse quickly",
                    ],
                    "show_crisis_line": False,
                },
            ),
            (
                "symptoms",
                {
                    "heading": "What sciatica can feel like",
                    "introduction": "Sciatica usually affects one side of the body.",
                    "symptoms": [
                        "Pain that spreads from your lower back or buttock down the back of your leg",
                        "A sharp, burning or electric feeling, sometimes past the knee",
                        "Numbness or pins and needles in your leg or foot",
                        "Pain that gets worse when you sit, cough or sneeze",
                        "Some weakness in your leg or foot",
                    ],
                },
            ),
            (
                "text",
                {
                    "heading": "What may help",
                    "text": (
                        "<p>Try to keep moving gently. Short walks are usually better than bed rest. Heat "
                        "or cold packs may ease the pain.</p>"
                        "<p>If pain lasts longer than a few weeks, a physical therapist can teach you "
                        "helpful exercises. For some people, an <b>epidural steroid injection</b> may calm "
                        "the nerve. Surgery is only needed for a small number of people.</p>"
                    ),
                },
            ),
            ("call_to_action", {"call_to_action": "Book a consultation"}),
        ],
    },
    # 5. Chronic low back pain
    {
        "title": "Chronic low back pain",
        "slug": "chronic-low-back-pain",
        "kind": "condition",
        "summary": (
            "Chronic low back pain is pain in the lower back that lasts more than three months. It is very "
            "common, and a plan that keeps you moving may help you do more of what matters to you."
        ),
        "also_called": ["lumbago", "lower back pain", "backache"],
        "groups": ["back-and-neck-pain"],
        "related": ["sciatica", "nerve-blocks", "neck-pain", "pain-psychology"],
        "medical_reviewer": "Dr. Priya Natarajan, MD, Physical Medicine and Rehabilitation",
        "body": [
            (
                "condition_overview",
                {
                    "heading": "What is chronic low back pain?",
                    "what_it_is": (
                        "<p>Most back pain gets better within a few weeks. When it lasts longer than three "
                        "months, doctors call it <b>chronic</b>.</p>"
                        "<p>The pain may come from muscles, joints, discs or worn areas of the spine. Often "
                        "there is no single clear cause. That can be frustrating, but it does not mean "
                        "nothing can help.</p>"
                    ),
                    "who_it_affects": (
                        "<p>Back pain is one of the most common reasons people see a doctor. It becomes more "
                        "common as we get older.</p>"
                    ),
                },
            ),
            (
                "patient_quote",
                {
                    "quote": (
                        "I used to think rest was the answer, so I stopped doing things. Learning to move a "
                        "little every day changed a lot for me. I still have flare-ups, but I know how to "
                        "handle them now."
                    ),
                    "attribution": "M.T., treated for low back pain",
                },
            ),
            (
                "text",
                {
                    "heading": "What may help",
                    "text": (
                        "<ul>"
                        "<li><b>Staying active</b> with walking, stretching or water exercise</li>"
                        "<li><b>Physical therapy</b> to build strength and confidence</li>"
                        "<li>Heat, massage or gentle yoga</li>"
                        "<li><b>Injections</b>, such as facet joint injections, for some kinds of pain</li>"
                        "<li>Help with sleep, stress and mood, which can all make pain worse</li>"
                        "</ul>"
                    ),
                },
            ),
            (
                "faq",
                {
                    "heading": "Common questions",
                    "questions": [
                        {
                            "question": "Do I need an MRI?",
                            "answer": (
                                "<p>Often not. Many people without back pain have changes on their scans, "
                                "and many people with back pain have normal scans. Your doctor will order "
                                "a scan if it will help guide your care.</p>"
                            ),
                        },
                        {
                            "question": "When should I see a doctor quickly?",
                            "answer": (
                                "<p>See a doctor soon if you have back pain with a fever, weight loss you "
                                "cannot explain, a history of cancer, or pain after a fall or accident. "
                                "Call 911 if you lose control of your bladder or bowels or your legs "
                                "suddenly get weak.</p>"
                            ),
                        },
                    ],
                },
            ),
            ("call_to_action", {"call_to_action": "Prepare for your first visit"}),
        ],
    },
    # 6. Chronic neck pain
    {
        "title": "Chronic neck pain",
        "slug": "neck-pain",
        "kind": "condition",
        "summary": (
            "Chronic neck pain is pain and stiffness in the neck that lasts more than a few months. It may "
            "spread to your shoulders, arms or head, and many people find that gentle movement and therapy help."
        ),
        "also_called": ["cervicalgia", "stiff neck", "whiplash pain"],
        "groups": ["back-and-neck-pain"],
        "related": ["chronic-low-back-pain", "nerve-blocks", "refractory-migraine"],
        "medical_reviewer": "Dr. Priya Natarajan, MD, Physical Medicine and Rehabilitation",
        "body": [
            (
                "symptoms",
                {
                    "heading": "How neck pain can feel",
                    "introduction": "Neck pain can be dull and aching or sharp. You may notice:",
                    "symptoms": [
                        "Stiffness that makes it hard to turn your head",
                        "Aching in the neck, shoulders or upper back",
                        "Headaches that start at the back of the head",
                        "Pain, tingling or numbness that spreads into an arm or hand",
                        "Pain that gets worse after holding your head in one position for a long time",
                    ],
                },
            ),
            (
                "condition_overview",
                {
                    "heading": "What causes it?",
                    "what_it_is": (
                        "<p>Neck pain often comes from tight muscles, worn joints or discs in the neck. A "
                        "car accident that jerks the head back and forth, called <b>whiplash</b>, can also "
                        "lead to pain that lasts.</p>"
                        "<p>Long hours looking down at a phone or screen can add to the strain.</p>"
                    ),
                    "who_it_affects": (
                        "<p>Neck pain is very common in adults. It becomes more likely with age and with "
                        "jobs that involve a lot of desk work or lifting.</p>"
                    ),
                },
            ),
            (
                "urgent_help",
                {
                    "level": "urgent",
                    "heading": "See a doctor the same day if you have neck pain and:",
                    "warning_signs": [
                        "The pain started after a fall, car crash or other injury",
                        "You have a fever, a bad headache and a stiff neck together",
                        "Your arms or hands feel weak, clumsy or numb",
                        "You have trouble with balance or walking",
                    ],
                    "show_crisis_line": False,
                },
            ),
            (
                "text",
                {
                    "heading": "What may help",
                    "text": (
                        "<p>Gentle neck stretches and a physical therapy plan can help many people. Take "
                        "breaks from screens and bring your phone up to eye level.</p>"
                        "<p>If pain does not improve, injections such as nerve blocks may help some people. "
                        "Ask your doctor what fits your kind of pain.</p>"
                    ),
                },
            ),
        ],
    },
    # 7. Neuropathic pain
    {
        "title": "Neuropathic pain (nerve pain)",
        "slug": "neuropathic-pain",
        "kind": "condition",
        "summary": (
            "Neuropathic pain happens when nerves are hurt or not working the right way. It often burns, "
            "shoots or tingles, and it may need different treatments than other kinds of pain."
        ),
        "also_called": ["nerve pain", "neuropathy", "neuralgia", "pins and needles"],
        "groups": ["nerve-pain"],
        "related": [
            "diabetic-neuropathy",
            "postherpetic-neuralgia",
            "complex-regional-pain-syndrome",
            "low-dose-ketamine-infusions",
        ],
        "medical_reviewer": "Dr. Daniel Reyes, MD, Neurology",
        "body": [
            (
                "condition_overview",
                {
                    "heading": "What is nerve pain?",
                    "what_it_is": (
                        "<p>Nerves carry messages between your body and your brain. When nerves are "
                        "damaged, they can send pain messages even when nothing is hurting you.</p>"
                        "<p>Common causes include diabetes, shingles, injuries, spine problems and some "
                        "cancer treatments. Sometimes no cause is found.</p>"
                    ),
                    "who_it_affects": (
                        "<p>Nerve pain is common, especially in older adults and people with diabetes.</p>"
                    ),
                },
            ),
            (
                "symptoms",
                {
                    "heading": "How nerve pain can feel",
                    "introduction": "People often describe nerve pain in these ways:",
                    "symptoms": [
                        "Burning, like the skin is on fire",
                        "Sudden shooting or stabbing pain, like an electric shock",
                        "Tingling, prickling or pins and needles",
                        "Numbness, or a feeling like you are wearing a glove or sock",
                        "Pain from things that should not hurt, like bed sheets or a light touch",
                        "Pain that is worse at night",
                    ],
                },
            ),
            (
                "text",
                {
                    "heading": "Treating nerve pain",
                    "text": (
                        "<p>Common painkillers often do not work well for nerve pain. Doctors may suggest "
                        "other medicines instead, such as some that are also used for depression or "
                        "seizures. They work by calming overactive nerves.</p>"
                        "<p>Creams or skin patches, nerve blocks and <b>low-dose ketamine infusions</b> may "
                        "also help some people.</p>"
                    ),
                },
            ),
            (
                "faq",
                {
                    "heading": "Common questions",
                    "questions": [
                        {
                            "question": "Why would my doctor give me a depression medicine for pain?",
                            "answer": (
                                "<p>Some of these medicines also change how nerves send pain signals. Your "
                                "doctor is treating the pain, not saying you are depressed. The dose for "
                                "pain is often lower.</p>"
                            ),
                        },
                        {
                            "question": "Will nerve pain go away?",
                            "answer": (
                                "<p>It depends on the cause. Sometimes nerves heal over time. Other times "
                                "the goal is to lower the pain and help you do more each day.</p>"
                            ),
                        },
                    ],
                },
            ),
            ("call_to_action", {"call_to_action": "Book a consultation"}),
        ],
    },
    # 8. Refractory migraine
    {
        "title": "Refractory migraine",
        "slug": "refractory-migraine",
        "kind": "condition",
        "summary": (
            "Refractory migraine means migraine attacks that keep coming back even after you have tried "
            "several usual treatments. Newer options and a careful plan may help lower how often they happen."
        ),
        "also_called": ["chronic migraine", "migraine headache", "treatment-resistant migraine"],
        "groups": ["headache-and-migraine"],
        "related": ["low-dose-ketamine-infusions", "nerve-blocks", "neck-pain", "pain-psychology"],
        "medical_reviewer": "Dr. Daniel Reyes, MD, Neurology",
        "body": [
            (
                "condition_overview",
                {
                    "heading": "What is refractory migraine?",
                    "what_it_is": (
                        "<p>Migraine is more than a bad headache. It is a brain condition that causes "
                        "attacks of throbbing pain, often with sickness and a strong dislike of light and "
                        "sound.</p>"
                        "<p>Migraine is called <b>refractory</b> when it keeps getting in the way of your "
                        "life even after you have tried several kinds of treatment.</p>"
                    ),
                    "who_it_affects": (
                        "<p>Migraine is about three times more common in women than in men. Chronic "
                        "migraine means headaches on 15 or more days a month.</p>"
                    ),
                },
            ),
            (
                "urgent_help",
                {
                    "level": "emergency",
                    "heading": "Call 911 right away if you have:",
                    "warning_signs": [
                        "The worst headache of your life",
                        "A sudden, very strong headache that peaks within a minute, like a thunderclap",
                        "A headache with weakness, numbness, confusion, a drooping face or trouble speaking",
                        "A headache with fever and a stiff neck",
                        "A headache after a blow to the head",
                    ],
                    "show_crisis_line": False,
                },
            ),
            (
                "symptoms",
                {
                    "heading": "Signs of a migraine attack",
                    "introduction": "Attacks can last from a few hours to a few days.",
                    "symptoms": [
                        "Throbbing or pounding pain, often on one side of the head",
                        "Feeling sick or throwing up",
                        "Light, sound or smells bother you more than usual",
                        "Seeing flashing lights or zigzag lines before the pain, called an aura",
                        "Feeling very tired or foggy before or after an attack",
                    ],
                },
            ),
            (
                "text",
                {
                    "heading": "Treatment options",
                    "text": (
                        "<p>A headache diary can help you and your doctor spot triggers and patterns. Taking "
                        "pain medicine too often can cause more headaches, so a plan matters.</p>"
                        "<p>Options may include daily preventive medicines, newer migraine medicines, "
                        "Botox injections, <b>nerve blocks</b> at the back of the head, and for some "
                        "people, <b>low-dose ketamine infusions</b>.</p>"
                    ),
                },
            ),
            (
                "faq",
                {
                    "heading": "Common questions",
                    "questions": [
                        {
                            "question": "Why have my migraine medicines stopped working?",
                            "answer": (
                                "<p>Migraine can change over time. Using pain relievers on many days can "
                                "also lead to more headaches. A fresh review of your treatment may help.</p>"
                            ),
                        },
                        {
                            "question": "Should I keep a headache diary?",
                            "answer": (
                                "<p>Yes, if you can. Write down when attacks start, how long they last, "
                                "what you took and what might have set them off. Bring it to your "
                                "visit.</p>"
                            ),
                        },
                    ],
                },
            ),
            ("call_to_action", {"call_to_action": "Book a consultation"}),
        ],
    },
    # 9. Postherpetic neuralgia
    {
        "title": "Postherpetic neuralgia (pain after shingles)",
        "slug": "postherpetic-neuralgia",
        "kind": "condition",
        "summary": (
            "Postherpetic neuralgia is nerve pain that stays after a shingles rash has healed. It often "
            "eases with time, and treatments may help make it easier to live with."
        ),
        "also_called": ["PHN", "pain after shingles", "shingles nerve pain"],
        "groups": ["nerve-pain"],
        "related": ["neuropathic-pain", "nerve-blocks", "diabetic-neuropathy"],
        "medical_reviewer": "Dr. Daniel Reyes, MD, Neurology",
        "body": [
            (
                "condition_overview",
                {
                    "heading": "What is postherpetic neuralgia?",
                    "what_it_is": (
                        "<p>Shingles is a painful rash caused by the same virus as chickenpox. The virus "
                        "can harm the nerves under the skin.</p>"
                        "<p>For some people, pain goes on for months after the rash is gone. This lasting "
                        "pain is called postherpetic neuralgia, or PHN.</p>"
                    ),
                    "who_it_affects": (
                        "<p>PHN is more likely in people over 60 and in people who had very bad pain "
                        "during shingles. The shingles vaccine lowers the chance of getting shingles and "
                        "PHN.</p>"
                    ),
                },
            ),
            (
                "symptoms",
                {
                    "heading": "How PHN can feel",
                    "introduction": "The pain is usually in the same area where the rash was.",
                    "symptoms": [
                        "Burning, aching or throbbing pain",
                        "Sharp, stabbing or shooting pain that comes and goes",
                        "Skin that is very tender, so even clothes hurt",
                        "Itching or numbness in the area",
                    ],
                },
            ),
            (
                "urgent_help",
                {
                    "level": "urgent",
                    "heading": "See a doctor within a day or two if:",
                    "warning_signs": [
                        "You have a new shingles rash. Medicine works best when started early.",
                        "The rash is on your face, near your eye or on the tip of your nose",
                        "The rash looks infected, with spreading redness, warmth or pus",
                    ],
                    "show_crisis_line": False,
                },
            ),
            (
                "text",
                {
                    "heading": "What may help",
                    "text": (
                        "<ul>"
                        "<li><b>Skin patches or creams</b> that numb or calm the sore area</li>"
                        "<li><b>Nerve pain medicines</b> taken by mouth</li>"
                        "<li><b>Nerve blocks</b> for pain that does not improve</li>"
                        "<li>Loose, soft clothing and cool packs to protect tender skin</li>"
                        "</ul>"
                    ),
                },
            ),
            (
                "patient_quote",
                {
                    "quote": (
                        "After my shingles healed, even my shirt touching my side hurt. A numbing patch and "
                        "a new medicine took the edge off. It faded slowly over the next year."
                    ),
                    "attribution": "Gloria, treated for pain after shingles",
                },
            ),
        ],
    },
    # 10. Tapering off opioids
    {
        "title": "Tapering off opioids with support",
        "slug": "tapering-off-opioids",
        "kind": "treatment",
        "summary": (
            "Tapering means slowly lowering your opioid dose with a plan made with your care team. Going "
            "slowly helps keep you safe and lets your body adjust."
        ),
        "also_called": ["opioid taper", "coming off pain medication", "opioid weaning"],
        "groups": ["treatments"],
        "related": ["low-dose-ketamine-infusions", "pain-psychology", "nerve-blocks"],
        "medical_reviewer": "Dr. Samuel Brooks, MD, Addiction Medicine",
        "body": [
            (
                "text",
                {
                    "heading": "Why some people choose to taper",
                    "text": (
                        "<p>Opioids can help with short-term pain. Over months or years, they may help less "
                        "and bring side effects like tiredness, constipation and a higher risk of "
                        "overdose.</p>"
                        "<p>Tapering is <b>your choice, made with your doctor</b>. It is not a punishment, "
                        "and it does not mean we doubt your pain.</p>"
                    ),
                },
            ),
            (
                "urgent_help",
                {
                    "level": "emergency",
                    "heading": "Stay safe while you taper",
                    "warning_signs": [
                        "Never stop opioids suddenly on your own. This can cause strong withdrawal and be dangerous.",
                        "Call 911 if someone cannot be woken up, or their breathing is very slow or has stopped.",
                        "Call 911 if someone has blue or gray lips or fingertips, or makes gurgling or snoring sounds.",
                        "If you have naloxone (Narcan), give it, then call 911 and stay with the person.",
                        "Your body gets used to lower doses. Going back to your old dose can cause an overdose.",
                    ],
                    "show_crisis_line": True,
                },
            ),
            (
                "treatment_explanation",
                {
                    "treatment": "Supported opioid taper",
                    "how_it_works": (
                        "<p>We lower your dose in small steps, often every few weeks. The speed is set "
                        "around you. If a step is too hard, we can pause or slow down.</p>"
                        "<p>At the same time, we add other ways to manage pain, like physical therapy, "
                        "nerve pain medicines, injections or ketamine infusions.</p>"
                    ),
                    "what_a_visit_is_like": (
                        "<ul>"
                        "<li>We talk about your pain, your goals and your worries.</li>"
                        "<li>We make a written plan together, with each step and date.</li>"
                        "<li>You have regular check-ins, in person or by phone.</li>"
                        "<li>We give you naloxone to keep at home, just in case.</li>"
                        "</ul>"
                    ),
                    "risks_and_side_effects": (
                        "<p>You may have some withdrawal symptoms, like sweating, yawning, a runny nose, "
                        "trouble sleeping, stomach upset, aches or feeling anxious. These are often mild "
                        "when the taper is slow.</p>"
                        "<p>Your pain may feel worse for a while. Your mood may dip too. Tell us if this "
                        "happens, so we can adjust the plan.</p>"
                    ),
                    "how_long_relief_lasts": (
                        "<p>A taper may take months. Many people find that, once they adjust, their pain "
                        "is about the same or even better, and they feel more clear-headed.</p>"
                    ),
                },
            ),
            (
                "faq",
                {
                    "heading": "Common questions",
                    "questions": [
                        {
                            "question": "Will my pain get worse?",
                            "answer": (
                                "<p>It may for a short time. Many people find it settles as the body "
                                "adjusts. We will add other treatments so you are not left without "
                                "support.</p>"
                            ),
                        },
                        {
                            "question": "What if I feel I cannot control my opioid use?",
                            "answer": (
                                "<p>You are not alone, and there is no shame in asking for help. There are "
                                "safe, proven medicines and support for this. Talk to us or your doctor. "
                                "We will help you find the right care.</p>"
                            ),
                        },
                        {
                            "question": "Do I have to taper all the way to zero?",
                            "answer": (
                                "<p>Not always. For some people, the goal is a lower, safer dose. We will "
                                "set the goal together.</p>"
                            ),
                        },
                    ],
                },
            ),
            (
                "patient_quote",
                {
                    "quote": (
                        "I was scared my pain would take over. We went slowly and I could call whenever I "
                        "needed to. I still have pain, but my head feels clearer than it has in years."
                    ),
                    "attribution": "K.L., supported through an opioid taper",
                },
            ),
            ("call_to_action", {"call_to_action": "Ask about tapering support"}),
        ],
    },
    # 11. Diabetic nerve pain
    {
        "title": "Diabetic nerve pain",
        "slug": "diabetic-neuropathy",
        "kind": "condition",
        "summary": (
            "Over time, high blood sugar can damage nerves, most often in the feet and legs. Keeping your "
            "blood sugar in range and caring for your feet may help, and treatments can ease the pain."
        ),
        "also_called": ["diabetic peripheral neuropathy", "burning feet", "diabetic neuropathy"],
        "groups": ["nerve-pain"],
        "related": ["neuropathic-pain", "postherpetic-neuralgia", "pain-psychology"],
        "medical_reviewer": "Dr. Daniel Reyes, MD, Neurology",
        "body": [
            (
                "condition_overview",
                {
                    "heading": "What is diabetic nerve pain?",
                    "what_it_is": (
                        "<p>When blood sugar stays high for a long time, it can harm the small nerves and "
                        "blood vessels that feed them. The longest nerves, which go to your feet, are "
                        "usually hurt first.</p>"
                        "<p>Some people feel pain. Others mostly feel numb, which can make it hard to notice "
                        "a cut or sore.</p>"
                    ),
                    "who_it_affects": (
                        "<p>Nerve damage is common in people who have had diabetes for many years. Good "
                        "blood sugar control may slow it down.</p>"
                    ),
                },
            ),
            (
                "symptoms",
                {
                    "heading": "Signs to look for",
                    "introduction": "Symptoms often start in the toes and slowly move up.",
                    "symptoms": [
                        "Burning, tingling or pins and needles in your feet",
                        "Sharp pain that is often worse at night",
                        "Numbness, or not being able to feel hot, cold or pain in your feet",
                        "Feet that are very sensitive to touch",
                        "Feeling unsteady when you walk",
                    ],
                },
            ),
            (
                "text",
                {
                    "heading": "Caring for your feet and your pain",
                    "text": (
                        "<ul>"
                        "<li>Check your feet every day for cuts, blisters or red spots. Use a mirror or ask "
                        "someone to help.</li>"
                        "<li>Wear shoes and socks that fit well. Do not walk barefoot.</li>"
                        "<li>Work with your care team to keep your blood sugar in range.</li>"
                        "<li>Ask about nerve pain medicines, creams or patches that may help.</li>"
                        "</ul>"
                    ),
                },
            ),
            (
                "urgent_help",
                {
                    "level": "urgent",
                    "heading": "Call your doctor the same day if:",
                    "warning_signs": [
                        "You have a sore, blister or cut on your foot that is not healing",
                        "Your foot is red, warm or swollen",
                        "You see pus, or notice a bad smell from a wound",
                        "You have a fever along with a foot problem",
                    ],
                    "show_crisis_line": False,
                },
            ),
            ("call_to_action", {"call_to_action": "Book a consultation"}),
        ],
    },
    # 12. Nerve blocks and injections
    {
        "title": "Nerve blocks and injections",
        "slug": "nerve-blocks",
        "kind": "treatment",
        "summary": (
            "Nerve blocks and spine injections place numbing medicine, and sometimes a steroid, close to a "
            "painful nerve or joint. They may ease pain for a while so you can move and do therapy more easily."
        ),
        "also_called": [
            "epidural steroid injection",
            "nerve block injection",
            "facet joint injection",
            "spinal injection",
        ],
        "groups": ["treatments", "back-and-neck-pain"],
        "related": ["sciatica", "chronic-low-back-pain", "neck-pain", "complex-regional-pain-syndrome"],
        "medical_reviewer": "Dr. Maya Okafor, MD, Anesthesiology and Pain Medicine",
        "body": [
            (
                "text",
                {
                    "heading": "Types of injections",
                    "text": (
                        "<ul>"
                        "<li><b>Epidural steroid injection</b>: medicine goes near irritated nerve roots in "
                        "the spine. Often used for sciatica.</li>"
                        "<li><b>Facet joint injection</b>: medicine goes into or near the small joints in "
                        "the back of the spine.</li>"
                        "<li><b>Nerve block</b>: numbing medicine goes next to a nerve that carries pain "
                        "signals.</li>"
                        "</ul>"
                    ),
                },
            ),
            (
                "treatment_explanation",
                {
                    "treatment": "Nerve block or spine injection",
                    "how_it_works": (
                        "<p>A numbing medicine quiets the nerve for a few hours. A steroid may also be used "
                        "to calm swelling and irritation, which may give longer relief.</p>"
                        "<p>Injections can also help find where pain comes from. If a block helps, that "
                        "area is likely part of the problem.</p>"
                    ),
                    "what_a_visit_is_like": (
                        "<ul>"
                        "<li>You lie on a table. The doctor numbs your skin first.</li>"
                        "<li>An X-ray or ultrasound guides the needle to the right spot.</li>"
                        "<li>The injection itself usually takes 15 to 30 minutes.</li>"
                        "<li>You rest for a short time after. If you had medicine to relax you, someone "
                        "must drive you home.</li>"
                        "</ul>"
                    ),
                    "risks_and_side_effects": (
                        "<p>Common effects are soreness where the needle went in and brief numbness or "
                        "weakness. Steroids can raise blood sugar for a few days, and some people feel "
                        "flushed.</p>"
                        "<p>Serious problems like infection, bleeding or nerve injury are rare. Tell us if "
                        "you take blood thinners or have diabetes.</p>"
                    ),
                    "how_long_relief_lasts": (
                        "<p>The numbing effect lasts a few hours. A steroid may take a few days to start "
                        "working. Relief may last weeks to months, or it may not help. Steroid shots are "
                        "limited to a few each year.</p>"
                    ),
                },
            ),
            (
                "faq",
                {
                    "heading": "Common questions",
                    "questions": [
                        {
                            "question": "Does the injection hurt?",
                            "answer": (
                                "<p>Most people feel a quick sting when the skin is numbed, then pressure. "
                                "The team will talk to you through each step.</p>"
                            ),
                        },
                        {
                            "question": "Can I go back to work the next day?",
                            "answer": (
                                "<p>Most people can return to normal activities the next day. Take it easy "
                                "on the day of the injection.</p>"
                            ),
                        },
                    ],
                },
            ),
            ("call_to_action", {"call_to_action": "Prepare for your first visit"}),
        ],
    },
    # 13. Living well with chronic pain
    {
        "title": "Living well with chronic pain: pacing, sleep and mood",
        "slug": "pain-psychology",
        "kind": "treatment",
        "summary": (
            "Pain affects your sleep, mood and energy, and these can make pain feel worse. Simple skills "
            "like pacing, better sleep habits and talking therapy may help you take back some control."
        ),
        "also_called": ["pain psychology", "pain coping skills", "CBT for pain", "pacing"],
        "groups": ["treatments", "whole-body-pain"],
        "related": ["fibromyalgia", "chronic-low-back-pain", "tapering-off-opioids"],
        "medical_reviewer": "Dr. Helen Cho, MD, Psychiatry",
        "body": [
            (
                "text",
                {
                    "heading": "Pacing: doing a little, often",
                    "text": (
                        "<p>On good days, it is tempting to do everything at once. That can lead to a "
                        "flare-up and days in bed.</p>"
                        "<p>Pacing means breaking tasks into smaller pieces and resting <i>before</i> the "
                        "pain gets bad. Over time, you can slowly do a bit more.</p>"
                    ),
                },
            ),
            (
                "text",
                {
                    "heading": "Sleep and mood",
                    "text": (
                        "<ul>"
                        "<li>Go to bed and get up at about the same time each day.</li>"
                        "<li>Keep screens out of bed, and keep the room cool and dark.</li>"
                        "<li>Notice your mood. Feeling low or worried is common with pain, and it can be "
                        "treated.</li>"
                        "</ul>"
                    ),
                },
            ),
            (
                "faq",
                {
                    "heading": "Common questions",
                    "questions": [
                        {
                            "question": "If you send me to a psychologist, do you think my pain is not real?",
                            "answer": (
                                "<p>No. Your pain is real. Pain is handled by the brain, so skills that "
                                "calm the brain and body can help lower it. This works best alongside "
                                "your other treatments.</p>"
                            ),
                        },
                        {
                            "question": "What is CBT for pain?",
                            "answer": (
                                "<p>CBT is a kind of talking therapy. It helps you notice patterns in "
                                "thoughts and habits that make pain harder, and try new ways to cope.</p>"
                            ),
                        },
                        {
                            "question": "What if I am having thoughts of hurting myself?",
                            "answer": (
                                "<p>Please reach out now. Call or text <b>988</b> to reach the Suicide "
                                "&amp; Crisis Lifeline, any time, day or night. If you are in danger, "
                                "call 911.</p>"
                            ),
                        },
                    ],
                },
            ),
            (
                "patient_quote",
                {
                    "quote": (
                        "Pacing felt silly at first. Now I garden for twenty minutes, rest, then go back. I "
                        "get more done than when I pushed through and crashed."
                    ),
                    "attribution": "J., treated for fibromyalgia",
                },
            ),
            ("call_to_action", {"call_to_action": "Book a consultation"}),
        ],
    },
]
