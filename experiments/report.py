"""Per-variant figures of experiments: views, CTA click rate and contact-request rate with 95% Wilson intervals, or
"not enough data yet" while either variant has fewer than MIN_VIEWS views. Two queries however many experiments
and days: the experiments, and their counts summed per experiment, variant and kind."""

from django.db.models import Sum

from pageviews.comparison import MIN_VIEWS, wilson_interval

from .models import VARIANTS, Experiment, ExperimentCount

LISTED = 50


def rate(successes, views):
    """{"count", "rate", "low", "high"}: successes per view (capped at one per view) with its interval."""
    successes = min(successes, views)
    low, high = wilson_interval(successes, views)
    share = successes / views if views else None
    text = f"{share:.1%} (95% interval {low:.1%} to {high:.1%})" if views else "no views yet"
    return {"count": successes, "rate": share, "low": low, "high": high, "text": text}


def verdict(a, b):
    if a["rate"] is None or b["rate"] is None:
        return ""
    if b["low"] > a["high"]:
        return "B higher"
    if b["high"] < a["low"]:
        return "B lower"
    return "no clear difference yet"


def figures(experiment, totals):
    views = {variant: totals.get((experiment.pk, variant, ExperimentCount.VIEW), 0) for variant in VARIANTS}
    rows = {
        variant: {
            "views": views[variant],
            "clicks": rate(totals.get((experiment.pk, variant, ExperimentCount.CLICK), 0), views[variant]),
            "contacts": rate(totals.get((experiment.pk, variant, ExperimentCount.CONTACT), 0), views[variant]),
        }
        for variant in VARIANTS
    }
    enough = min(views.values()) >= MIN_VIEWS
    return {
        "experiment": experiment,
        "variants": [(variant.upper(), rows[variant]) for variant in VARIANTS],
        "enough": enough,
        "needed": MIN_VIEWS,
        "click_verdict": verdict(rows["a"]["clicks"], rows["b"]["clicks"]) if enough else "",
        "contact_verdict": verdict(rows["a"]["contacts"], rows["b"]["contacts"]) if enough else "",
    }


def experiment_figures(queryset=None):
    experiments = list((queryset or Experiment.objects.all()).select_related("page")[:LISTED])
    totals = {
        (row["experiment_id"], row["variant"], row["kind"]): row["total"]
        for row in ExperimentCount.objects.filter(experiment__in=[e.pk for e in experiments])
        .values("experiment_id", "variant", "kind")
        .annotate(total=Sum("count"))
        .order_by()
    }
    return [figures(experiment, totals) for experiment in experiments]
