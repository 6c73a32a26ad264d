"""What Spanish-speaking patients type, and the MedlinePlus en español titles that answer it (any one is a hit).

Written for this benchmark: lay words, words without accents and misspellings, not copied from MedlinePlus.
"""

NERVES = ["Enfermedades del sistema nervioso periférico", "Problemas neurológicos asociados con la diabetes"]

QUERIES = [
    # Without accents or "ñ"
    ("migrana", ["Migraña"]),
    ("ciatica", ["Ciática"]),
    ("neuropatia", NERVES),
    ("neuropatia periferica", NERVES),
    ("depresion", ["Depresión"]),
    ("presion alta", ["Presión arterial alta"]),
    ("estrenimiento", ["Estreñimiento"]),
    ("dolor cronico", ["Dolor crónico"]),
    ("vertigo", ["Mareo y vértigo"]),
    ("tunel carpiano", ["Síndrome del túnel carpiano"]),
    ("dolor pelvico", ["Dolor pélvico"]),
    # Everyday words
    ("dolor de espalda", ["Dolor de espalda"]),
    ("dolor de la espalda", ["Dolor de espalda", "Lesiones de la espalda"]),
    ("hormigueo en los pies", NERVES),
    ("culebrilla", ["Culebrilla (herpes zóster)"]),
    ("dolor de cabeza", ["Dolor de cabeza"]),
    ("dolor de panza", ["Dolor abdominal"]),
    ("dolor de estomago", ["Dolor abdominal"]),
    ("almorranas", ["Hemorroides"]),
    ("derrame cerebral", ["Accidente cerebrovascular"]),
    ("hueso roto", ["Fracturas"]),
    ("reuma", ["Artritis reumatoide"]),
    ("jaqueca", ["Migraña"]),
    ("no puedo dormir", ["Insomnio", "Problemas del sueño"]),
    ("gripa", ["Gripe"]),
    ("artrosis", ["Osteoartritis"]),
    ("dolor de regla", ["Dolor menstrual"]),
    ("azucar en la sangre", ["Glucosa en la sangre", "Hiperglucemia", "Diabetes"]),
    ("mareos", ["Mareo y vértigo", "Mareo (Cinetosis)"]),
    # Misspelled, or words apart
    ("fibromialjia", ["Fibromialgia"]),
    ("osteoporosi", ["Osteoporosis"]),
    ("diabetis", ["Diabetes"]),
    ("azma", ["Asma"]),
    ("insomio", ["Insomnio"]),
    ("hemorroide", ["Hemorroides"]),
    ("ernia discal", ["Hernia de disco"]),
    ("osteo artritis", ["Osteoartritis"]),
    ("artritis reumatoidea", ["Artritis reumatoide"]),
    ("tendinitis del hombro", ["Tendinitis", "Lesiones del manguito rotatorio del hombro"]),
    ("sindrome de dolor regional complejo", ["Síndrome de dolor regional complejo"]),
]
