"""The desk's register search (register.search.person_search) over a large register on
PostgreSQL: N people (default 1,000,000) in a few committees, each with a phone (15% a
Shanghai landline), about 40% with an ID number, in households of 1–4; 3% moved out, 1%
died. Rows are streamed with COPY (about a minute for a million). Then the median and 95th
percentile of a search by whole phone, phone tail, ID number, name, surname, pinyin
initials and two-letter initials, each over 60 different residents of one committee.

    scripts/test-services run -- sh -c \
        '.venv/bin/python manage.py migrate -v0 && .venv/bin/python bench/register_search.py'

`--explain` prints each kind's query plan (the index it uses). Runs on the database of
DATABASE_URL: the private test-services one, never the test database of another worktree.
"""

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from committee.models import Committee, District, StreetOffice  # noqa: E402
from register.identity import id_check_char, id_number_digest, mask_id_number  # noqa: E402
from register.search import person_search  # noqa: E402
from utilities.pinyin import pinyin_initials  # noqa: E402

COMMITTEES = 5
CHUNK = 100_000
SURNAMES = "".join(
    (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈",
        "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
    )
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆帅旭宁龙林欣晶波琳雪梅"
    "云莉玲海燕飞鑫峰亮成东晨阳婷倩颖佳慧淑珍凤兴德福生荣庆春秋冬爱民立新永安宏大小阿婆伯"
)


def _committees():
    district, _ = District.objects.get_or_create(code="BENCH", defaults={"name": "基准区"})
    office, _ = StreetOffice.objects.get_or_create(
        code="BREGSRCH", defaults={"name": "居民检索基准街道", "district": district}
    )
    return [
        Committee.objects.get_or_create(code=f"BR{n:02d}", defaults={"street_office": office, "name": f"检索基准{n}"})[
            0
        ]
        for n in range(COMMITTEES)
    ]


def _reserve(cursor, table: str, count: int) -> int:
    """The first of `count` ids taken from the table's sequence (one statement)."""
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(max(id), 0) FROM {table}) + %s)",
        [count],
    )
    return cursor.fetchone()[0] - count + 1


def _copy(cursor, table: str, columns: str, rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer, size=1 << 20)


def build(people: int, seed: int = 17) -> list:
    committees = _committees()
    ids = tuple(c.pk for c in committees)
    rng = random.Random(seed)
    initials = {char: pinyin_initials(char) for char in SURNAMES + GIVEN}
    with connection.cursor() as cursor:
        for sql in (
            "DELETE FROM register_membership WHERE person_id IN "
            "(SELECT id FROM register_person WHERE committee_id IN %s)",
            "DELETE FROM register_personphone WHERE person_id IN "
            "(SELECT id FROM register_person WHERE committee_id IN %s)",
            "DELETE FROM register_person WHERE committee_id IN %s",
            "DELETE FROM register_household WHERE committee_id IN %s",
        ):
            cursor.execute(sql, [ids])
        households = people * 2 // 5
        first_household = _reserve(cursor, "register_household", households)
        first_person = _reserve(cursor, "register_person", people)
        first_phone = _reserve(cursor, "register_personphone", people)
        first_membership = _reserve(cursor, "register_membership", people)
        per_committee = households // COMMITTEES
        # Households: building / unit / room, as committees write them.
        for start in range(0, households, CHUNK):
            rows = []
            for h in range(start, min(start + CHUNK, households)):
                committee = ids[min(h // per_committee, COMMITTEES - 1)]
                k = h % per_committee
                building, unit, room = k // 60 + 1, k // 20 % 3 + 1, (k % 20 // 4 + 1) * 100 + k % 4 + 1
                rows.append(
                    (
                        str(first_household + h),
                        str(committee),
                        f"{building}号楼",
                        f"{unit}单元",
                        f"{room}室",
                        f"{building}-{unit}-{room}",
                        "active",
                        "",
                    )
                )
            _copy(
                cursor,
                "register_household",
                "id, committee_id, building, unit, room, address_key, status, notes",
                rows,
            )
        born = dt.date(1930, 1, 1)
        for start in range(0, people, CHUNK):
            person_rows, phone_rows, membership_rows = [], [], []
            for p in range(start, min(start + CHUNK, people)):
                household = min(p * 2 // 5, households - 1)
                committee = ids[min(household // per_committee, COMMITTEES - 1)]
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
                digest = masked = ""
                birth = born + dt.timedelta(days=p % 30000)
                if rng.random() < 0.4:
                    first17 = f"310109{birth:%Y%m%d}{p // 30000 % 1000:03d}"
                    number = first17 + id_check_char(first17)
                    digest, masked = id_number_digest(number), mask_id_number(number)
                status = rng.choices(("active", "moved_out", "died"), (96, 3, 1))[0]
                person_rows.append(
                    (
                        str(first_person + p),
                        str(committee),
                        name,
                        "".join(initials[c] for c in name),
                        "",
                        birth.isoformat(),
                        "",
                        digest,
                        masked,
                        "hukou",
                        status,
                        "",
                    )
                )
                if rng.random() < 0.15:
                    phone, kind = f"+86216{rng.randint(0, 9_999_999):07d}", "landline"
                else:
                    phone, kind = f"+861{rng.choice('358')}{rng.randint(0, 999_999_999):09d}", "mobile"
                phone_rows.append((str(first_phone + p), str(first_person + p), phone, kind, ""))
                membership_rows.append(
                    (
                        str(first_membership + p),
                        str(first_household + household),
                        str(first_person + p),
                        "head" if p * 2 % 5 < 2 else "other",
                        "2020-01-01",
                    )
                )
            _copy(
                cursor,
                "register_person",
                "id, committee_id, name, name_initials, sex, birth_date, id_number_encrypted, id_number_digest, "
                "id_number_masked, residence_status, status, notes",
                person_rows,
            )
            _copy(cursor, "register_personphone", "id, person_id, number, kind, note", phone_rows)
            _copy(
                cursor,
                "register_membership",
                "id, household_id, person_id, relation, started_on",
                membership_rows,
            )
            print(f"  {min(start + CHUNK, people):>9} people", flush=True)
        for table in ("register_household", "register_person", "register_personphone", "register_membership"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return committees


def samples(committee, count: int, seed: int = 5) -> dict:
    """Queries of each kind for `count` residents of the committee chosen at random."""
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, p.name, p.name_initials, ph.number FROM register_person p "
            "JOIN register_personphone ph ON ph.person_id = p.id WHERE p.committee_id = %s "
            "AND ph.number LIKE '+861%%' ORDER BY p.id LIMIT 20000",
            [committee.pk],
        )
        rows = rng.sample(cursor.fetchall(), count)
        cursor.execute(
            "SELECT birth_date, id FROM register_person WHERE committee_id = %s AND id_number_digest <> '' LIMIT 20000",
            [committee.pk],
        )
        with_id = rng.sample(cursor.fetchall(), count)
    # The ID numbers were made from the row's place (build): made again here.
    first = _first_person_id()
    ids = []
    for birth, pk in with_id:
        p = pk - first
        first17 = f"310109{birth:%Y%m%d}{p // 30000 % 1000:03d}"
        ids.append((first17 + id_check_char(first17)).lower())
    return {
        "phone (whole)": [number[3:] for _pk, _name, _ini, number in rows],
        "phone (last 4)": [number[-4:] for _pk, _name, _ini, number in rows],
        "ID number": ids,
        "name (whole)": [name for _pk, name, _ini, _number in rows],
        "name (surname)": [name[0] for _pk, name, _ini, _number in rows],
        "pinyin initials": [ini for _pk, _name, ini, _number in rows],
        "pinyin (2 letters)": [ini[:2] for _pk, _name, ini, _number in rows],
        "pinyin (1 letter)": [ini[:1] for _pk, _name, ini, _number in rows],
    }


def _first_person_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(p.id) FROM register_person p JOIN committee_committee c ON c.id = p.committee_id "
            "WHERE c.code LIKE 'BR%%'"
        )
        return cursor.fetchone()[0]


def timed(committee, queries: list[str]) -> tuple[float, float, int, float]:
    person_search(committee=committee, query=queries[0])  # warm
    times, found = [], 0
    for query in queries:
        start = time.perf_counter()
        result = person_search(committee=committee, query=query)
        times.append((time.perf_counter() - start) * 1000)
        found += len(result)
    with CaptureQueriesContext(connection) as captured:
        person_search(committee=committee, query=queries[0])
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(captured), found / len(queries)


def explain(committee, query: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        person_search(committee=committee, query=query)
    sql = captured.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql)
        return "\n".join(f"    {line}" for (line,) in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="search the register built by an earlier run")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--count", type=int, default=60)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/register_search.py needs PostgreSQL (DATABASE_URL)")
    if args.reuse:
        committees = _committees()
    else:
        start = time.perf_counter()
        committees = build(args.people)
        print(f"built {args.people} people in {COMMITTEES} committees in {time.perf_counter() - start:.0f} s")
    committee = committees[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM register_person WHERE committee_id = %s", [committee.pk])
        print(f"searching committee {committee.code}: {cursor.fetchone()[0]} people")
    print(f"{'search by':<20} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'found':>6}")
    for label, queries in samples(committee, args.count).items():
        median, p95, count, found = timed(committee, queries)
        print(f"{label:<20} {median:>10.1f} {p95:>8.1f} {count:>8} {found:>6.1f}")
        if args.explain:
            print(explain(committee, queries[0]))


if __name__ == "__main__":
    main()
