"""Reads of the administrative region tree (loaded by migration 0002).

The tree has three levels, province > city > district, with codes of GB/T
2260. A few regions have no level below them (Hong Kong and Macao, and the
four prefecture-level cities without counties, such as 东莞市); such a region
is its own last level wherever a district is asked for.
"""

from django.db.models import Exists, OuterRef

from jiazheng.common.models import Region


def children_of(code=None):
    """Return the regions directly under ``code``, or the provinces for None."""
    if code is None:
        return Region.objects.filter(parent__isnull=True).order_by("code")
    return Region.objects.filter(parent_id=code).order_by("code")


def get_region(code):
    """Return the region with this code, with its parents loaded, or None."""
    if not code:
        return None
    return (
        Region.objects.select_related("parent__parent").filter(code=str(code)).first()
    )


def selectable_regions():
    """Return the regions an address can be in: those with nothing below them.

    These are the district-level regions, plus the few provinces and cities
    that have no level below.
    """
    return Region.objects.filter(
        ~Exists(Region.objects.filter(parent_id=OuterRef("pk")))
    )


def options_under(code):
    """Return what a picker offers below ``code``: its children or itself.

    A region without children stands for its own next level, so that a person
    in 东莞市 can finish the picker by choosing 东莞市 again.
    """
    children = list(children_of(code))
    if children or code is None:
        return children
    region = get_region(code)
    return [region] if region is not None else []


def district_choices(city_code):
    """Return (code, name) pairs of the districts a picker offers in a city."""
    return [(region.code, region.name) for region in options_under(city_code)]


def lineage(region):
    """Return (province, city, district) for a selectable region.

    A region standing for its own lower levels fills them with itself:
    东莞市 gives (广东省, 东莞市, 东莞市), 香港 gives (香港, 香港, 香港).
    """
    if region is None:
        return (None, None, None)
    chain = []
    while region is not None:
        chain.insert(0, region)
        region = region.parent
    while len(chain) < 3:
        chain.append(chain[-1])
    return tuple(chain[:3])
