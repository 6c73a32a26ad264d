# CallToAction now lives in cta/ (cta 0001); its table stays, so this only updates Django's state (the body's
# call-to-action chooser names cta.CallToAction: the stored JSON is unchanged).

import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('topics', '0002_calltoaction_drafts_revisions'),
        ('cta', '0001_initial'),
        ('editorial', '0002_move_calltoactionclick_to_cta'),
        ('home', '0003_move_clinicdetails_and_cta'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='CallToAction'),
                migrations.AlterField(
                    model_name='topicpage',
                    name='body',
                    field=wagtail.fields.StreamField([('condition_overview', 3), ('symptoms', 8), ('treatment_explanation', 12), ('call_to_action', 14), ('urgent_help', 20), ('faq', 25), ('text', 28), ('image', 32), ('patient_quote', 35)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'default': 'What is it?', 'max_length': 120}), 1: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'help_text': 'In plain words: what the condition is.'}), 2: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'help_text': 'Who tends to get it, and how common it is.', 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('heading', 0), ('what_it_is', 1), ('who_it_affects', 2)]], {}), 4: ('wagtail.blocks.CharBlock', (), {'default': 'Symptoms', 'max_length': 120}), 5: ('wagtail.blocks.TextBlock', (), {'help_text': 'One or two sentences before the list.', 'required': False}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Symptom', 'max_length': 200}), 7: ('wagtail.blocks.ListBlock', (6,), {'min_num': 1}), 8: ('wagtail.blocks.StructBlock', [[('heading', 4), ('introduction', 5), ('symptoms', 7)]], {}), 9: ('wagtail.blocks.CharBlock', (), {'help_text': 'The name patients know the treatment by.', 'max_length': 120}), 10: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul']}), 11: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'required': False}), 12: ('wagtail.blocks.StructBlock', [[('treatment', 9), ('how_it_works', 10), ('what_a_visit_is_like', 11), ('risks_and_side_effects', 10), ('how_long_relief_lasts', 11)]], {}), 13: ('wagtail.snippets.blocks.SnippetChooserBlock', ('cta.CallToAction',), {}), 14: ('wagtail.blocks.StructBlock', [[('call_to_action', 13)]], {}), 15: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('urgent', 'Urgent: call your doctor or go to urgent care'), ('emergency', 'Emergency: call 911 or go to the emergency room')]}), 16: ('wagtail.blocks.CharBlock', (), {'default': 'Get help right away if', 'max_length': 120}), 17: ('wagtail.blocks.CharBlock', (), {'label': 'Warning sign', 'max_length': 200}), 18: ('wagtail.blocks.ListBlock', (17,), {'min_num': 1}), 19: ('wagtail.blocks.BooleanBlock', (), {'default': True, 'help_text': 'Show the 988 Suicide & Crisis Lifeline.', 'required': False}), 20: ('wagtail.blocks.StructBlock', [[('level', 15), ('heading', 16), ('warning_signs', 18), ('show_crisis_line', 19)]], {}), 21: ('wagtail.blocks.CharBlock', (), {'default': 'Common questions', 'max_length': 120}), 22: ('wagtail.blocks.CharBlock', (), {'max_length': 200}), 23: ('wagtail.blocks.StructBlock', [[('question', 22), ('answer', 10)]], {}), 24: ('wagtail.blocks.ListBlock', (23,), {'min_num': 1}), 25: ('wagtail.blocks.StructBlock', [[('heading', 21), ('questions', 24)]], {}), 26: ('wagtail.blocks.CharBlock', (), {'max_length': 120, 'required': False}), 27: ('wagtail.blocks.RichTextBlock', (), {'features': ['h3', 'bold', 'italic', 'link', 'ol', 'ul']}), 28: ('wagtail.blocks.StructBlock', [[('heading', 26), ('text', 27)]], {}), 29: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 30: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the image for people who cannot see it. Required.', 'max_length': 250}), 31: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 32: ('wagtail.blocks.StructBlock', [[('image', 29), ('alt_text', 30), ('caption', 31)]], {}), 33: ('wagtail.blocks.TextBlock', (), {'max_length': 600}), 34: ('wagtail.blocks.CharBlock', (), {'help_text': "First name or initials only, with the patient's consent.", 'max_length': 120, 'required': False}), 35: ('wagtail.blocks.StructBlock', [[('quote', 33), ('attribution', 34)]], {})}),
                ),
            ],
            database_operations=[],
        ),
    ]
