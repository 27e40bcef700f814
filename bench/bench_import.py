"""Benchmark: import 100,000 beneficiaries from one .xlsx, preview and import end to end.

Generates a realistic Arabic sheet (four-part names in one column, national IDs and iqamas,
mobiles shared within a household, Hijri and Gregorian birth dates, households with a head,
spouse and children, some people without an ID), then runs what the screens run: read the
header, preview every row (stored per row), import every row in one transaction (which
checks every row again first). Prints the timings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_bench_import \\
        .venv/bin/python bench/bench_import.py --rows 100000

The database is migrated, and its beneficiaries are deleted first: use a scratch database.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silah.settings")
# The steps are run here, in-process; nothing is left queued for a worker.
os.environ.setdefault("SILAH_TASK_BACKEND", "django_tasks.backends.dummy.DummyBackend")

import django

FIRST_MALE = [
    "محمد",
    "أحمد",
    "عبدالله",
    "عبد الرحمن",
    "خالد",
    "فهد",
    "سعد",
    "سلطان",
    "عبدالعزيز",
    "فيصل",
    "ناصر",
    "علي",
    "عمر",
    "يوسف",
    "إبراهيم",
    "سعود",
    "تركي",
    "ماجد",
    "بندر",
    "نايف",
]
FIRST_FEMALE = [
    "فاطمة",
    "نورة",
    "سارة",
    "مريم",
    "عائشة",
    "هيا",
    "منيرة",
    "لطيفة",
    "الجوهرة",
    "أمل",
    "ريم",
    "هند",
    "نوف",
    "أسماء",
    "خديجة",
    "حصة",
    "شهد",
    "رهف",
    "جواهر",
    "دلال",
]
FAMILY = [
    "الحربي",
    "العتيبي",
    "القحطاني",
    "الغامدي",
    "الزهراني",
    "الشهري",
    "الدوسري",
    "المطيري",
    "الشمري",
    "العنزي",
    "السبيعي",
    "البقمي",
    "الجهني",
    "المالكي",
    "العمري",
    "الأحمدي",
    "الثبيتي",
    "الرشيدي",
    "اليامي",
    "آل سعود",
]
CITIES = ["الليث", "جدة", "مكة المكرمة", "القنفذة", "الطائف", "الرياض"]


def _luhn_id(first: str, serial: int) -> str:
    from stdnum import luhn

    body = f"{first}{serial:08d}"
    return body + luhn.calc_check_digit(body)


def _mobile(rng: random.Random) -> str:
    return f"05{rng.choice('0345689')}{rng.randrange(10**7):07d}"


def generate(path: Path, rows: int, seed: int = 7) -> int:
    """Write the sheet; returns the number of households."""
    import xlsxwriter

    rng = random.Random(seed)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("المستفيدون")
    date_format = workbook.add_format({"num_format": "yyyy/mm/dd"})
    headers = [
        "الاسم",
        "نوع الهوية",
        "رقم الهوية",
        "سبب عدم وجود هوية",
        "الجنس",
        "تاريخ الميلاد",
        "الجوال",
        "المدينة",
        "الحي",
        "الحالة الاجتماعية",
        "الأسرة",
        "صلة القرابة",
    ]
    sheet.write_row(0, 0, headers)
    serial = 0
    written = 0
    households = 0
    while written < rows:
        households += 1
        family = rng.choice(FAMILY)
        grandfather = rng.choice(FIRST_MALE)
        father = rng.choice(FIRST_MALE)
        head_first = rng.choice(FIRST_MALE)
        mobile = _mobile(rng)
        city, district = rng.choice(CITIES), f"حي {rng.choice(FIRST_MALE)}"
        size = min(rng.choice([1, 2, 3, 4, 5, 6]), rows - written)
        members = [(f"{head_first} {father} {grandfather} {family}", "ذكر", "رب الأسرة", 1965)]
        if size > 1:
            spouse = f"{rng.choice(FIRST_FEMALE)} {rng.choice(FIRST_MALE)} {rng.choice(FIRST_MALE)} {rng.choice(FAMILY)}"
            members.append((spouse, "أنثى", "زوجة", 1970))
        for _child in range(size - len(members)):
            female = rng.random() < 0.5
            first = rng.choice(FIRST_FEMALE if female else FIRST_MALE)
            members.append(
                (
                    f"{first} {head_first} {father} {family}",
                    "أنثى" if female else "ذكر",
                    "ابنة" if female else "ابن",
                    2000,
                )
            )
        for name, sex, relationship, base_year in members:
            serial += 1
            written += 1
            r = written
            foreign = rng.random() < 0.08
            no_id = rng.random() < 0.02
            if no_id:
                kind, number, reason = "بدون هوية", "", "لم تُستخرج له هوية بعد"
            elif foreign:
                kind, number, reason = "إقامة", _luhn_id("2", serial), ""
            else:
                kind, number, reason = "هوية وطنية", _luhn_id("1", serial), ""
            born = dt.date(
                base_year + rng.randrange(0, 15), rng.randrange(1, 13), rng.randrange(1, 29)
            )
            sheet.write_string(r, 0, name)
            sheet.write_string(r, 1, kind)
            sheet.write_string(r, 2, number)
            sheet.write_string(r, 3, reason)
            sheet.write_string(r, 4, sex)
            if rng.random() < 0.5:
                sheet.write_datetime(r, 5, dt.datetime.combine(born, dt.time()), date_format)
            else:
                from hijridate import Gregorian

                h = Gregorian(born.year, born.month, born.day).to_hijri()
                sheet.write_string(r, 5, f"{h.year}/{h.month:02d}/{h.day:02d}هـ")
            sheet.write_string(r, 6, mobile)
            sheet.write_string(r, 7, city)
            sheet.write_string(r, 8, district)
            sheet.write_string(
                r,
                9,
                "متزوج"
                if relationship == "رب الأسرة"
                else ("متزوجة" if relationship == "زوجة" else "أعزب"),
            )
            sheet.write_string(r, 10, f"H{households:06d}")
            sheet.write_string(r, 11, relationship)
    workbook.close()
    return households


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the imported rows")
    args = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="silah-bench-media-"))
    call_command("migrate", verbosity=0)

    from django.core.files.base import ContentFile

    from silah.accounts.models import Branch, Role, User
    from silah.registry import import_services
    from silah.registry.models import Beneficiary, Household, ImportBatch, ImportRow, Membership

    ImportRow.objects.all().delete()
    ImportBatch.objects.all().delete()
    Membership.history.model.objects.all().delete()
    Membership.objects.all().delete()
    Household.objects.all().delete()
    Beneficiary.category_links.rel.related_model.objects.all().delete()
    Beneficiary.objects.all().delete()
    branch, _ = Branch.objects.get_or_create(name="فرع الليث")
    user, _ = User.objects.get_or_create(username="bench_importer", defaults={"first_name": "سارة"})
    user.groups.set([Role.objects.get(code="manager").group])
    user = User.objects.get(pk=user.pk)

    sheet = Path(tempfile.mkdtemp()) / "beneficiaries.xlsx"
    started = time.perf_counter()
    households = generate(sheet, args.rows)
    print(
        f"generated {args.rows} rows in {households} households: {sheet.stat().st_size / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s (not counted)"
    )

    data = sheet.read_bytes()
    timings = {}
    t0 = time.perf_counter()
    # What upload() stores (its read task is run here in-process instead of on the worker).
    if True:
        batch = ImportBatch(
            original_name=sheet.name, kind="xlsx", size=len(data), uploaded_by=user, branch=branch
        )
        batch.file.save("import.xlsx", ContentFile(data), save=False)
        batch.save()
    import_services.read_batch(batch)
    timings["read header"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    batch.refresh_from_db()
    import_services.set_mapping(
        batch, actor=user, mapping={int(k): v for k, v in batch.mapping.items()}
    )
    batch.refresh_from_db()
    import_services.preview_batch(batch)
    timings["preview (read, check, store 100k outcomes)"] = time.perf_counter() - t1
    batch.refresh_from_db()
    assert batch.error_rows == 0, f"{batch.error_rows} rows with errors"
    t2 = time.perf_counter()
    import_services.start_import(batch, actor=user, mode="all")
    batch.refresh_from_db()
    import_services.run_import(batch)
    timings["import (check again, write in one transaction)"] = time.perf_counter() - t2
    total = time.perf_counter() - t0
    batch.refresh_from_db()
    assert batch.status == "imported", batch.error
    print(f"database: {connection.vendor}")
    for name, seconds in timings.items():
        print(f"{name}: {seconds:.1f} s")
    print(
        f"total end to end: {total:.1f} s for {batch.imported_rows} files and "
        f"{batch.households_created} households "
        f"({Beneficiary.history.count()} history rows, {Membership.objects.count()} memberships)"
    )


if __name__ == "__main__":
    main()
