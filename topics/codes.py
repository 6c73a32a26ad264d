"""Clinical code systems a health topic can carry: what each looks like, how it is written, how it is named.

No database access here: the `TopicCode` model (topics/models/codes.py), the code lookup (`api/lookup.py`) and the
JSON-LD read these rules, so a code is checked and normalised the same way wherever it comes from.

- ICD-10-CM (diagnoses, US clinical modification): a letter, two characters, then optionally a dot and one to
  four characters (`M54.50`, `G90.511`). Entered without the dot (`M5450`) or in lower case it is normalised.
- SNOMED CT concept ids: 6 to 18 digits, the partition digits of a concept (`00` or `10`) and a valid Verhoeff
  check digit (`279039007`).
- MeSH: a descriptor's unique id (`D001416`) or its heading as MedlinePlus gives it (`Back Pain`); the imported
  library topics keep the headings the MedlinePlus data lists. Compared without regard to case.
- RxNorm (for treatments that are a medicine): an RxNorm concept id (RxCUI), digits (`6130` ketamine). RxNorm is
  published by the US National Library of Medicine with no licence fee, unlike CPT.
"""

import re
from dataclasses import dataclass

ICD10CM = "icd10cm"
SNOMEDCT = "snomedct"
MESH = "mesh"
RXNORM = "rxnorm"

SYSTEM_CHOICES = [
    (ICD10CM, "ICD-10-CM (diagnosis)"),
    (SNOMEDCT, "SNOMED CT"),
    (MESH, "MeSH (medical subject heading)"),
    (RXNORM, "RxNorm (medicine)"),
]

#: HL7 code system OIDs, as Infobutton requests name them (`mainSearchCriteria.v.cs`).
OIDS = {
    ICD10CM: "2.16.840.1.113883.6.90",
    SNOMEDCT: "2.16.840.1.113883.6.96",
    MESH: "2.16.840.1.113883.6.177",
    RXNORM: "2.16.840.1.113883.6.88",
}
SYSTEM_BY_OID = {oid: system for system, oid in OIDS.items()}

#: schema.org `MedicalCode.codingSystem` names.
CODING_SYSTEM_NAMES = {ICD10CM: "ICD-10-CM", SNOMEDCT: "SNOMED CT", MESH: "MeSH", RXNORM: "RxNorm"}

#: Other spellings partners send for a system (`system=ICD-10-CM`, `system=snomed`).
SYSTEM_ALIASES = {
    "icd10cm": ICD10CM,
    "icd10": ICD10CM,
    "icd": ICD10CM,
    "snomedct": SNOMEDCT,
    "snomed": SNOMEDCT,
    "sct": SNOMEDCT,
    "mesh": MESH,
    "msh": MESH,
    "rxnorm": RXNORM,
    "rxcui": RXNORM,
}

MAX_CODE_LENGTH = 120

ICD10CM_RE = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")
SNOMED_RE = re.compile(r"^[1-9][0-9]{5,17}$")
MESH_UI_RE = re.compile(r"^D[0-9]{6,9}$")
MESH_HEADING_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,'()\-/&.+]*$")
RXNORM_RE = re.compile(r"^[1-9][0-9]{0,9}$")

# Verhoeff's tables (SNOMED CT's check digit).
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
#: Verhoeff's permutations: the first applied 0 to 7 times.
_P1 = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]
_P = [list(range(10))]
for _ in range(7):
    _P.append([_P1[digit] for digit in _P[-1]])


def verhoeff_valid(digits):
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


class CodeError(ValueError):
    """A code that is not written as its system writes codes; the message is for the editor or partner."""


def system_named(name):
    """The system a request names (`icd10cm`, `ICD-10-CM`, `snomed`, an HL7 OID...), or None."""
    name = (name or "").strip()
    if name in SYSTEM_BY_OID:
        return SYSTEM_BY_OID[name]
    return SYSTEM_ALIASES.get(re.sub(r"[^a-z0-9]", "", name.lower()))


def normalise(system, code):
    """`code` as stored and compared: ICD-10-CM upper case with its dot, MeSH headings with single spaces.
    Raises CodeError with a message an editor can act on."""
    code = " ".join((code or "").split())
    if not code:
        raise CodeError("Enter a code.")
    if len(code) > MAX_CODE_LENGTH:
        raise CodeError(f"A code has at most {MAX_CODE_LENGTH} characters.")
    if system == ICD10CM:
        code = code.upper()
        if "." not in code and len(code) > 3:
            code = f"{code[:3]}.{code[3:]}"
        if not ICD10CM_RE.match(code):
            raise CodeError(
                f"“{code}” is not an ICD-10-CM code: a letter, two characters, then a dot and up to four more "
                "(e.g. M54.50)."
            )
        return code
    if system == SNOMEDCT:
        if not SNOMED_RE.match(code):
            raise CodeError(f"“{code}” is not a SNOMED CT concept id: 6 to 18 digits (e.g. 279039007).")
        if code[-3:-1] not in ("00", "10") or not verhoeff_valid(code):
            raise CodeError(f"“{code}” is not a SNOMED CT concept id: its check digit or partition is wrong.")
        return code
    if system == MESH:
        if MESH_UI_RE.match(code.upper()):
            return code.upper()
        if not MESH_HEADING_RE.match(code):
            raise CodeError(f"“{code}” is not a MeSH descriptor: give its id (e.g. D001416) or heading (Back Pain).")
        return code
    if system == RXNORM:
        if not RXNORM_RE.match(code):
            raise CodeError(f"“{code}” is not an RxNorm concept id (RxCUI): digits only (e.g. 6130).")
        return code
    raise CodeError("Choose a code system.")


def match_key(system, code):
    """What lookups compare: the normalised code, upper case (MeSH headings are matched without regard to case)."""
    return normalise(system, code).upper()


def with_parents(system, code):
    """`code` and, for ICD-10-CM, each shorter code above it with a subdivision: G90.511 -> G90.511, G90.51, G90.5."""
    found = [code]
    if system == ICD10CM and "." in code:
        category, subdivision = code.split(".", 1)
        found += [f"{category}.{subdivision[:size]}" for size in range(len(subdivision) - 1, 0, -1)]
    return found


@dataclass(frozen=True)
class Code:
    system: str
    code: str

    @property
    def coding_system(self):
        return CODING_SYSTEM_NAMES[self.system]

    def as_medical_code(self):
        """schema.org `MedicalCode`."""
        return {"@type": "MedicalCode", "codeValue": self.code, "codingSystem": self.coding_system}
