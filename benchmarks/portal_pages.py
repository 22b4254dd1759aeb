"""Time the portal's main pages at demo size and at city size.

Usage: .venv/bin/python benchmarks/portal_pages.py [--providers 600] [--runs 30]

Builds a throw-away database (Django's test database for the configured
engine: SQLite in memory, or test_<name> on the DATABASE_URL server), loads
the demo data, and times each page first with the six demo providers (the
baseline) and then after adding ``--providers`` more providers, each with
fee standards and a job posting. Both runs happen in this process, one after
the other, so the ratio shows how the pages scale with the data. It prints
the median and 90th percentile per page and the number of queries.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("portal home", "/"),
    ("provider list", "/providers/"),
    ("provider list, filtered", "/providers/?category=domestic&district=110105"),
    ("guidance prices", "/services/"),
    ("job postings", "/providers/jobs/"),
    ("providers API", "/api/v1/providers/"),
]


def configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiazheng.settings")
    os.environ["JIAZHENG_VAR_DIR"] = tempfile.mkdtemp(prefix="jiazheng-bench-")
    os.environ["DEBUG"] = "true"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def time_pages(client, runs):
    from django.db import connection, reset_queries

    results = {}
    for label, url in PAGES:
        client.get(url)  # warm caches and templates
        samples = []
        for _ in range(runs):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        queries = len(connection.queries)
        samples.sort()
        results[label] = (
            statistics.median(samples),
            samples[int(len(samples) * 0.9) - 1],
            queries,
        )
    return results


def add_providers(count):
    from tqdm import tqdm

    from jiazheng.accounts import services as accounts
    from jiazheng.accounts.models import Organization
    from jiazheng.catalog.models import ServiceItem
    from jiazheng.common.models import Region
    from jiazheng.providers.models import ProviderProfile
    from jiazheng.providers.services import fees, jobs

    districts = list(Region.objects.filter(code__startswith="1101", level=3))
    items = list(ServiceItem.objects.all())
    for n in tqdm(range(count), desc="providers", unit="provider"):
        district = districts[n % len(districts)]
        provider = accounts.create_organization(
            kind=Organization.Kind.PROVIDER,
            name=f"测试家政服务有限公司{n:04d}",
            region=district,
            address="测试路1号",
        )
        profile = ProviderProfile.objects.create(
            organization=provider, introduction="<p>测试企业</p>"
        )
        profile.districts.set([district])
        profile.categories.set({items[(n + k) % len(items)].category for k in range(3)})
        for k in range(8):
            item = items[(n * 8 + k) % len(items)]
            fees.create_provider_item(
                organization=provider,
                item=item,
                price=item.guidance_price_max + Decimal("1.00") * (k % 2),
            )
        jobs.create_job_posting(
            organization=provider,
            data={
                "title": "保洁员",
                "description": "负责家庭保洁。",
                "headcount": 3,
                "region": district,
            },
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=600)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    configure()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.DEBUG = True  # record queries
    engine = connection.vendor
    # A throw-away database beside the configured one (test_<name>), migrated.
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", "--quiet-logins", verbosity=0, stdout=devnull)

    client = Client()
    baseline = time_pages(client, args.runs)
    add_providers(args.providers)
    if engine == "postgresql":
        # As autovacuum would after such a load: fresh planner statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    grown = time_pages(client, args.runs)

    print(f"\nDatabase: {engine}; runs per page: {args.runs}")
    print(f"Baseline: 6 demo providers; grown: {6 + args.providers} providers\n")
    header = (
        f"{'page':26} {'base ms':>8} {'grown ms':>9} {'p90 ms':>7} "
        f"{'ratio':>6} {'queries':>8}"
    )
    print(header)
    print("-" * len(header))
    for label, _url in PAGES:
        base_median, _p90, base_queries = baseline[label]
        median, p90, queries = grown[label]
        print(
            f"{label:26} {base_median:8.1f} {median:9.1f} {p90:7.1f} "
            f"{median / base_median:6.2f} {base_queries:>3} → {queries:<3}"
        )


if __name__ == "__main__":
    main()
