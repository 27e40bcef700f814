"""A realistic synthetic beneficiary registry, deterministic by seed, for the benchmarks.

Stable API (other benchmarks import it):

    from bench.registry_data import generate, write_database, write_csv, write_parquet

    registry = generate(1_000_000, seed=7)        # -> Registry
    registry.people                               # list[Person], in file-number order
    registry.planted_pairs                        # list[(file_number_a, file_number_b)]
    write_database(registry)                      # COPY on PostgreSQL, bulk_create on SQLite;
                                                  # households, memberships, the name index
    write_csv(registry, "registry.csv")           # one row per Person (COLUMNS), UTF-8
    write_parquet(registry, "registry.parquet")   # the same columns

What it models:
- names: first, father, grandfather and family names drawn from frequency tables of real
  Saudi given names (male, female) and family names with a Zipf-like skew (محمد is about one
  man in ten, the commonest families a few percent each);
- households: a head, often a spouse, children whose father and grandfather names are the
  head's first and father names and whose family name is the head's; the household shares the
  head's mobile (children and spouses sometimes have their own);
- identity: valid national IDs (Luhn check digit, silah.core.identity), iqamas for
  non-Saudi households, about 2% without an ID (with a reason);
- the way registers are typed: about 15% of records written without hamza, with ه for ة,
  ي for ى or "عبد الله" for "عبدالله"; a few real typos;
- planted duplicates: about `duplicate_rate` of the people entered a second time, with one or
  two variants (spelling, a typo, a missing grandfather's name, the family name without ال),
  the birth date and mobile sometimes missing or different, and one of the two files without
  an identity number (the database refuses the same number twice). `planted_pairs` lists
  them as (original's file number, duplicate's file number).

Person.household is an integer (0 for the planted duplicates, which are entered on their own);
Person.relationship is a registry Relationship value ("" for the duplicates).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import astuple, dataclass, fields
from itertools import accumulate
from pathlib import Path

from stdnum import luhn

# Given names in rank order, commonest first (a few hundred in all, as registers show them).
MALE_NAMES = [
    "محمد",
    "عبدالله",
    "أحمد",
    "عبدالرحمن",
    "خالد",
    "سعد",
    "فهد",
    "عبدالعزيز",
    "فيصل",
    "سلطان",
    "علي",
    "سعود",
    "ناصر",
    "إبراهيم",
    "عمر",
    "تركي",
    "بندر",
    "ماجد",
    "يوسف",
    "عبدالمجيد",
    "نايف",
    "مشعل",
    "منصور",
    "صالح",
    "حمد",
    "طلال",
    "سلمان",
    "عبدالإله",
    "بدر",
    "راشد",
    "حسن",
    "حسين",
    "ياسر",
    "مساعد",
    "وليد",
    "سامي",
    "عادل",
    "هاني",
    "زياد",
    "نواف",
    "ريان",
    "مازن",
    "عبدالملك",
    "عبدالكريم",
    "عبدالمحسن",
    "عبداللطيف",
    "عبدالرحيم",
    "عبدالهادي",
    "متعب",
    "مشاري",
    "عيسى",
    "موسى",
    "مصطفى",
    "هشام",
    "رائد",
    "عثمان",
    "مالك",
    "أنس",
    "حمزة",
    "بسام",
    "ثامر",
    "جاسم",
    "حامد",
    "خليل",
    "رامي",
    "زيد",
    "سالم",
    "سامر",
    "سيف",
    "شادي",
    "صقر",
    "عايض",
    "عواض",
    "غازي",
    "فارس",
    "فواز",
    "قاسم",
    "لؤي",
    "مبارك",
    "محسن",
    "مرزوق",
    "معاذ",
    "معتز",
    "مهند",
    "ناجي",
    "نبيل",
    "نزار",
    "هادي",
    "هزاع",
    "وائل",
    "يزيد",
    "يحيى",
    "عبدالوهاب",
    "عبدالحكيم",
    "أسامة",
    "أيمن",
    "باسل",
    "جمال",
    "جابر",
    "حاتم",
    "حمود",
    "دخيل",
    "ذياب",
    "رشيد",
    "زايد",
    "سعيد",
    "سفر",
    "شاكر",
    "ضاري",
    "عائض",
    "عوض",
    "فالح",
    "فرج",
    "فهيد",
    "كايد",
    "لافي",
    "محمود",
    "مرعي",
    "مفلح",
    "مقبل",
    "منيف",
    "نمر",
    "هلال",
    "عبدالسلام",
    "عبدالناصر",
    "عبدالجبار",
    "عبدالرزاق",
    "عبدالقادر",
    "عبدالحميد",
    "عبدالمنعم",
    "مطلق",
    "مشبب",
    "عامر",
    "عمار",
    "غانم",
    "هايل",
    "فايز",
]
FEMALE_NAMES = [
    "نورة",
    "فاطمة",
    "سارة",
    "مريم",
    "عائشة",
    "هيا",
    "منيرة",
    "لطيفة",
    "الجوهرة",
    "حصة",
    "نوف",
    "ريم",
    "أمل",
    "هند",
    "عبير",
    "منى",
    "أسماء",
    "خديجة",
    "شهد",
    "جواهر",
    "ليلى",
    "العنود",
    "البندري",
    "دلال",
    "رهف",
    "رغد",
    "لمى",
    "غادة",
    "هدى",
    "وفاء",
    "سلمى",
    "مها",
    "نجلاء",
    "أروى",
    "بشرى",
    "تهاني",
    "جميلة",
    "حنان",
    "خلود",
    "دانة",
    "رنا",
    "روان",
    "سمر",
    "سهام",
    "شيخة",
    "صالحة",
    "عفاف",
    "علياء",
    "غدير",
    "فوزية",
    "لولوة",
    "مشاعل",
    "موضي",
    "نادية",
    "نجود",
    "هالة",
    "هيفاء",
    "وداد",
    "ياسمين",
    "زينب",
    "سلوى",
    "آمنة",
    "رقية",
    "حليمة",
    "صفية",
    "سعاد",
    "نوال",
    "جود",
    "لين",
    "ريما",
    "شروق",
    "أريج",
    "بدور",
    "تغريد",
    "حياة",
    "رحاب",
    "سحر",
    "شذى",
    "عزيزة",
    "غالية",
    "فجر",
    "كوثر",
    "مضاوي",
    "منال",
    "نسرين",
    "هنادي",
    "وعد",
    "ندى",
    "نهى",
    "بسمة",
    "مي",
    "أفنان",
    "جنى",
    "ليان",
    "رزان",
    "ملاك",
    "سديم",
    "ديما",
    "هتون",
    "عهود",
    "أثير",
]
FAMILY_NAMES = [
    "العتيبي",
    "القحطاني",
    "الشمري",
    "الحربي",
    "الغامدي",
    "الزهراني",
    "المطيري",
    "الدوسري",
    "العنزي",
    "الشهري",
    "السبيعي",
    "العمري",
    "المالكي",
    "الرشيدي",
    "الجهني",
    "البلوي",
    "الأحمدي",
    "السلمي",
    "الشهراني",
    "اليامي",
    "القرني",
    "العسيري",
    "الثبيتي",
    "الخالدي",
    "التميمي",
    "السهلي",
    "الرويلي",
    "البقمي",
    "الصاعدي",
    "الحارثي",
    "الشريف",
    "المحمدي",
    "الفيفي",
    "العواجي",
    "الهاجري",
    "المري",
    "الكثيري",
    "الظفيري",
    "الصيعري",
    "المنصوري",
    "السديري",
    "السالم",
    "الخليفة",
    "الفهد",
    "الراشد",
    "العبيد",
    "الحمدان",
    "السعيد",
    "المنيع",
    "الدخيل",
    "الجاسر",
    "الخضير",
    "العجلان",
    "الربيعة",
    "الشثري",
    "القاسم",
    "الملحم",
    "العمران",
    "الحميد",
    "السويلم",
    "البراك",
    "الفوزان",
    "المقرن",
    "الحمود",
    "الماجد",
    "العثمان",
    "الناصر",
    "الصالح",
    "الحسين",
    "الزامل",
    "الجريسي",
    "العقيل",
    "الشبيلي",
    "الموسى",
    "اليوسف",
    "العيسى",
    "التركي",
    "السيف",
    "المشاري",
    "الشايع",
    "الدباس",
    "الطويل",
    "الغنام",
    "الهذال",
    "البيشي",
    "الأسمري",
    "العلياني",
    "الخثعمي",
    "الشمراني",
    "المسعودي",
    "الجعيد",
    "السفياني",
    "المولد",
    "الحازمي",
    "النعمي",
    "المدخلي",
    "الصميلي",
    "الفقيه",
    "الحكمي",
    "الزيلعي",
    "العطاس",
    "باعشن",
    "بادحدح",
    "باناجة",
    "الجفري",
    "الحبشي",
    "السقاف",
    "العلوي",
    "الهاشمي",
    "الأنصاري",
    "الخزرجي",
    "الأزوري",
    "البارقي",
    "المعمري",
    "الشلوي",
    "العصيمي",
    "الروقي",
    "الدلبحي",
    "النفيعي",
    "الحويطي",
    "العطوي",
    "الشراري",
    "الفرحان",
    "السليم",
    "الضويان",
    "البدر",
    "الوهيبي",
    "المحيميد",
    "الغفيلي",
    "الهويمل",
    "الرميح",
    "العييري",
    "الخمشي",
    "القويز",
    "العريفي",
    "الشهيل",
    "الرومي",
    "الوادعي",
    "آل الشيخ",
    "أبو سليمان",
    "أبو الخير",
    "آل سعود",
]

NATIONALITIES = ["YE", "EG", "SY", "SD", "PK", "JO"]
NO_ID_REASONS = ["مولود حديثًا ولم تصدر هويته", "لم يحضر الهوية", "الهوية مفقودة وجارٍ استخراجها"]
CITIES = ["الرياض", "جدة", "مكة المكرمة", "المدينة المنورة", "الدمام", "الطائف", "الليث", "القنفذة"]
MOBILE_PREFIXES = ["50", "53", "54", "55", "56", "58", "59"]
PLANTED_REASON = "سُجّل مرة ثانية دون رقم هوية"


@dataclass(slots=True)
class Person:
    file_number: str
    first_name: str
    father_name: str
    grandfather_name: str
    family_name: str
    sex: str
    birth_date: dt.date | None
    identity_type: str
    identity_number: str
    identity_reason: str
    nationality: str
    mobile: str
    city: str
    household: int
    relationship: str


COLUMNS = [f.name for f in fields(Person)]


@dataclass
class Registry:
    people: list[Person]
    planted_pairs: list[tuple[str, str]]
    seed: int


class _Names:
    """Weighted draws from a rank-ordered list: weight 1 / (rank + offset) ** skew."""

    def __init__(self, rng: random.Random, names: list[str], skew: float, offset: float) -> None:
        self.rng = rng
        self.names = names
        self.cum = list(accumulate(1 / (rank + offset) ** skew for rank in range(len(names))))

    def draw(self, *, avoid: set[str] = frozenset()) -> str:
        for _ in range(10):
            name = self.rng.choices(self.names, cum_weights=self.cum)[0]
            if name not in avoid:
                return name
        return name

    def share(self, name: str) -> float:
        rank = self.names.index(name)
        previous = self.cum[rank - 1] if rank else 0.0
        return (self.cum[rank] - previous) / self.cum[-1]


# --- spelling variants and typos (also used to make benchmark queries) -----------------

_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def variant(rng: random.Random, name: str) -> str:
    """One spelling variant people type for the same name (or the name itself if none)."""
    options = []
    if name.translate(_HAMZA) != name:
        options.append(name.translate(_HAMZA))
    if name.endswith("ة"):
        options.append(name[:-1] + "ه")
    if name.endswith("ى"):
        options.append(name[:-1] + "ي")
    if name.startswith("عبدال"):
        options.append("عبد " + name[3:])
    if name.startswith("ال") and len(name) > 4 and " " not in name:
        options.append(name[2:])
    if "ئ" in name:
        options.append(name.replace("ئ", "ي"))
    return rng.choice(options) if options else name


def typo(rng: random.Random, name: str) -> str:
    """One keyboard slip: a letter replaced, dropped, doubled or two letters swapped."""
    letters = [i for i, ch in enumerate(name) if ch != " "]
    if len(letters) < 3:
        return name
    i = rng.choice(letters[1:])
    kind = rng.randrange(4)
    if kind == 0:
        return name[:i] + rng.choice(ARABIC_LETTERS.replace(name[i], "")) + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i + 1 :]
    if kind == 2:
        return name[:i] + name[i] + name[i:]
    if i + 1 < len(name) and name[i + 1] != " " and name[i + 1] != name[i]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i + 1 :]


def _typed(rng: random.Random, name: str) -> str:
    # How a register's clerk typed it: sometimes without hamza, ه for ة, ي for ى, spaced عبد.
    return variant(rng, name) if name and rng.random() < 0.15 else name


def _luhn_id(first: str, serial: int) -> str:
    body = f"{first}{(serial * 48271 + 1_234_567) % 100_000_000:08d}"
    return body + luhn.calc_check_digit(body)


def _mobile(serial: int) -> str:
    prefix = MOBILE_PREFIXES[serial % len(MOBILE_PREFIXES)]
    return f"+966{prefix}{(serial * 7919 + 1_000_003) % 10_000_000:07d}"


def _date(rng: random.Random, start: int, end: int) -> dt.date:
    day = rng.randrange((dt.date(end, 12, 31) - dt.date(start, 1, 1)).days)
    return dt.date(start, 1, 1) + dt.timedelta(days=day)


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.male = _Names(self.rng, MALE_NAMES, skew=1.0, offset=2.5)
        self.female = _Names(self.rng, FEMALE_NAMES, skew=1.0, offset=2.0)
        self.family = _Names(self.rng, FAMILY_NAMES, skew=0.9, offset=3.0)
        self.ids = 0
        self.mobiles = 0

    def identity(self, saudi: bool) -> tuple[str, str, str]:
        if self.rng.random() < 0.02:
            return "none", "", self.rng.choice(NO_ID_REASONS)
        self.ids += 1
        return (
            ("national_id", _luhn_id("1", self.ids), "")
            if saudi
            else (
                "iqama",
                _luhn_id("2", self.ids),
                "",
            )
        )

    def new_mobile(self) -> str:
        self.mobiles += 1
        return _mobile(self.mobiles)

    def person(
        self, household, relationship, sex, first, father, grand, family, born, saudi, mobile, city
    ) -> Person:
        kind, number, reason = self.identity(saudi)
        return Person(
            file_number="",
            first_name=_typed(self.rng, first),
            father_name=_typed(self.rng, father),
            grandfather_name=_typed(self.rng, grand),
            family_name=_typed(self.rng, family),
            sex=sex,
            birth_date=born,
            identity_type=kind,
            identity_number=number,
            identity_reason=reason,
            nationality="SA" if saudi else self.rng.choice(NATIONALITIES),
            mobile=mobile,
            city=city,
            household=household,
            relationship=relationship,
        )

    def household(self, number: int) -> list[Person]:
        rng = self.rng
        saudi = rng.random() < 0.93
        city = rng.choice(CITIES)
        mobile = self.new_mobile()
        head_male = rng.random() < 0.85
        family = self.family.draw()
        born = _date(rng, 1950, 1995)
        if head_male:
            first, father, grand = self.male.draw(), self.male.draw(), self.male.draw()
            head = self.person(
                number, "head", "male", first, father, grand, family, born, saudi, mobile, city
            )
            people = [head]
            children_father, children_grand = first, father
            if rng.random() < 0.75:
                wife_family = family if rng.random() < 0.3 else self.family.draw()
                wife_mobile = mobile if rng.random() < 0.6 else self.new_mobile()
                people.append(
                    self.person(
                        number,
                        "spouse",
                        "female",
                        self.female.draw(),
                        self.male.draw(),
                        self.male.draw(),
                        wife_family,
                        born + dt.timedelta(days=rng.randrange(0, 3650)),
                        saudi,
                        wife_mobile,
                        city,
                    )
                )
        else:
            first, father, grand = self.female.draw(), self.male.draw(), self.male.draw()
            people = [
                self.person(
                    number,
                    "head",
                    "female",
                    first,
                    father,
                    grand,
                    family,
                    born,
                    saudi,
                    mobile,
                    city,
                )
            ]
            # A widow's children carry their late father's names.
            children_father, children_grand = self.male.draw(), self.male.draw()
            family = family if rng.random() < 0.3 else self.family.draw()
        taken: set[str] = set()
        eldest = born.year + 20
        for _child in range(rng.choice([0, 1, 2, 2, 3, 3, 4, 4, 5, 6])):
            sex = rng.choice(["male", "female"])
            name = (self.male if sex == "male" else self.female).draw(avoid=taken)
            taken.add(name)
            child_born = _date(rng, min(eldest, 2024), min(eldest + 18, 2025))
            adult = (dt.date(2026, 1, 1) - child_born).days > 18 * 365
            own = adult and rng.random() < 0.6
            child_mobile = self.new_mobile() if own else (mobile if rng.random() < 0.8 else "")
            people.append(
                self.person(
                    number,
                    "son" if sex == "male" else "daughter",
                    sex,
                    name,
                    children_father,
                    children_grand,
                    family,
                    child_born,
                    saudi,
                    child_mobile,
                    city,
                )
            )
        for person in people:
            if rng.random() < 0.01:  # a real typo in the register
                person.first_name = typo(rng, person.first_name)
        return people

    def duplicate(self, original: Person) -> Person:
        rng = self.rng
        copy = Person(*astuple(original))
        parts = ["first_name", "father_name", "grandfather_name", "family_name"]
        for _change in range(rng.choice([1, 1, 2])):
            what = rng.random()
            if what < 0.45:
                part = rng.choice(parts)
                setattr(copy, part, variant(rng, getattr(copy, part)))
            elif what < 0.75:
                part = rng.choice(parts)
                setattr(copy, part, typo(rng, getattr(copy, part)))
            else:
                copy.grandfather_name = ""
        roll = rng.random()
        if roll < 0.2:
            copy.birth_date = None
        elif roll < 0.3 and copy.birth_date:
            copy.birth_date += dt.timedelta(days=rng.choice([-1, 1]))
        roll = rng.random()
        if roll < 0.15:
            copy.mobile = ""
        elif roll < 0.4:
            copy.mobile = self.new_mobile()
        copy.household, copy.relationship = 0, ""
        if rng.random() < 0.7 or original.identity_type == "none":
            copy.identity_type, copy.identity_number = "none", ""
            copy.identity_reason = PLANTED_REASON
        else:  # the first file was the one entered without the ID
            original.identity_type, original.identity_number = "none", ""
            original.identity_reason = PLANTED_REASON
        return copy


def generate(n: int, *, seed: int = 7, duplicate_rate: float = 0.01) -> Registry:
    """About `n` people (exactly n), of whom ~duplicate_rate*n are planted duplicates."""
    generator = _Generator(seed)
    rng = generator.rng
    wanted_originals = round(n / (1 + duplicate_rate))
    people: list[Person] = []
    household = 0
    while len(people) < wanted_originals:
        household += 1
        people.extend(generator.household(household))
    del people[wanted_originals:]
    originals = rng.sample(range(len(people)), n - len(people))
    pairs_index = []
    for index in originals:
        pairs_index.append((index, len(people)))
        people.append(generator.duplicate(people[index]))
    order = list(range(len(people)))
    rng.shuffle(order)
    position = {index: rank for rank, index in enumerate(order)}
    for index, person in enumerate(people):
        person.file_number = f"BEN-1447-{position[index] + 1:07d}"
    pairs = [(people[a].file_number, people[b].file_number) for a, b in pairs_index]
    people.sort(key=lambda person: person.file_number)
    return Registry(people=people, planted_pairs=pairs, seed=seed)


# --- writing -------------------------------------------------------------------------------


def write_csv(registry: Registry, path: str | Path) -> None:
    """One line per person, COLUMNS as the header; dates ISO, empty when unknown."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for person in registry.people:
            row = list(astuple(person))
            row[COLUMNS.index("birth_date")] = (
                person.birth_date.isoformat() if person.birth_date else ""
            )
            writer.writerow(row)


def write_parquet(registry: Registry, path: str | Path) -> None:
    """The same columns as write_csv, birth_date as a date column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {name: [getattr(p, name) for p in registry.people] for name in COLUMNS}
    pq.write_table(pa.table(columns), str(path))


def _beneficiary_rows(registry: Registry, branch_id: int, now: dt.datetime):
    from functools import lru_cache

    from silah.core.arabic import normalize_arabic

    # The generated parts have no punctuation and no part is "عبد" alone, so normalising the
    # parts (a few thousand distinct ones) and joining them gives normalize_arabic(full name).
    part = lru_cache(maxsize=None)(normalize_arabic)

    for p in registry.people:
        parts = (p.first_name, p.father_name, p.grandfather_name, p.family_name)
        normalized = " ".join(part(x) for x in parts if x)
        yield {
            "file_number": p.file_number,
            "first_name": p.first_name,
            "father_name": p.father_name,
            "grandfather_name": p.grandfather_name,
            "family_name": p.family_name,
            "full_name_normalized": normalized[:250],
            "name_tokens": normalized.split(),
            "identity_type": p.identity_type,
            "identity_number": p.identity_number,
            "identity_reason": p.identity_reason,
            "nationality": p.nationality,
            "sex": p.sex,
            "birth_date": p.birth_date,
            "mobile": p.mobile,
            "preferred_channel": "sms" if p.mobile else "call",
            "city": p.city,
            "branch_id": branch_id,
            "status": "active",
            "import_file": "bench/registry_data.py",
            "created_at": now,
            "updated_at": now,
        }


def write_database(registry: Registry, *, branch_name: str = "فرع بيانات الاختبار") -> None:
    """Write the people, their households and memberships, then rebuild the name index.

    Expects an empty registry (file numbers are unique). COPY on PostgreSQL; bulk_create
    elsewhere. Change history rows are not written (these are not edits).
    """
    from django.db import connection, transaction

    from silah.accounts.models import Branch
    from silah.registry.models import Beneficiary, Household, Membership
    from silah.registry.search_index import rebuild_index

    branch, _created = Branch.objects.get_or_create(name=branch_name)
    now = dt.datetime.now(dt.UTC)
    fields_ = [f for f in Beneficiary._meta.concrete_fields if not f.primary_key]
    with transaction.atomic():
        rows = _beneficiary_rows(registry, branch.pk, now)
        if connection.vendor == "postgresql":
            columns = ", ".join(f.column for f in fields_)
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(
                    f"COPY {Beneficiary._meta.db_table} ({columns}) FROM STDIN"
                ) as copy,
            ):
                for row in rows:
                    copy.write_row(tuple(_value(f, row) for f in fields_))
        else:
            batch = []
            for row in rows:
                batch.append(Beneficiary(**{f.attname: _value(f, row, raw=True) for f in fields_}))
                if len(batch) == 5000:
                    Beneficiary.objects.bulk_create(batch)
                    batch = []
            Beneficiary.objects.bulk_create(batch)
        pks = dict(Beneficiary.objects.values_list("file_number", "pk").iterator(chunk_size=50_000))
        heads = [p for p in registry.people if p.relationship == "head"]
        households = Household.objects.bulk_create(
            [Household(head_id=pks[p.file_number]) for p in heads], batch_size=5000
        )
        by_number = {p.household: h.pk for p, h in zip(heads, households, strict=True)}
        Membership.objects.bulk_create(
            [
                Membership(
                    household_id=by_number[p.household],
                    beneficiary_id=pks[p.file_number],
                    relationship=p.relationship,
                    joined_on=dt.date(2025, 1, 1),
                )
                for p in registry.people
                if p.household
            ],
            batch_size=5000,
        )
    rebuild_index()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _value(field, row: dict, *, raw: bool = False):
    if field.attname in row:
        value = row[field.attname]
    elif field.has_default():
        value = field.get_default()
    elif field.null:
        value = None
    else:
        value = ""
    if field.attname == "name_tokens" and not raw:
        return json.dumps(value, ensure_ascii=False)
    return value
