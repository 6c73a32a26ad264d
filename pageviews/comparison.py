"""Before and after a layout change: the call-to-action click rate (clicks per view) on each side, with a 95% Wilson
score interval, or "not enough data yet" while either side has fewer than MIN_VIEWS views."""

import datetime
import math

Z_95 = 1.959964
#: Days either side of the change that count (the day of the change itself counts for neither).
WINDOW_DAYS = 28
MIN_VIEWS = 100


def wilson_interval(successes, trials, z=Z_95):
    """(low, high) of the Wilson score interval for a proportion; (0, 1) with no trials."""
    if trials <= 0:
        return 0.0, 1.0
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def window(change_day, today):
    """(days before, days after) the change, each at most WINDOW_DAYS; after stops at `today`."""
    before = [change_day - datetime.timedelta(days=n) for n in range(1, WINDOW_DAYS + 1)]
    after = [change_day + datetime.timedelta(days=n) for n in range(1, WINDOW_DAYS + 1)]
    return before, [day for day in after if day <= today]


def side(days, views_per_day, clicks_per_day):
    views = sum(views_per_day.get(day, 0) for day in days)
    # A view can lead to more than one click; the rate is read as "clicks per view", capped at one.
    clicks = min(sum(clicks_per_day.get(day, 0) for day in days), views)
    return views, clicks


def describe(change, today, views_per_day, clicks_per_day):
    """One line for the report: what changed when, and the click rate before and after, honestly."""
    before_views, before_clicks = side(window(change.day, today)[0], views_per_day, clicks_per_day)
    after_views, after_clicks = side(window(change.day, today)[1], views_per_day, clicks_per_day)
    head = f"{change.description} on {change.day:%d %b %Y}"
    if min(before_views, after_views) < MIN_VIEWS:
        return (
            f"{head}: not enough data yet ({before_views} views before, {after_views} after; "
            f"{MIN_VIEWS} on each side needed)"
        )
    low_before, high_before = wilson_interval(before_clicks, before_views)
    low_after, high_after = wilson_interval(after_clicks, after_views)
    if low_after > high_before:
        verdict = "higher after"
    elif high_after < low_before:
        verdict = "lower after"
    else:
        verdict = "no clear difference yet"
    return (
        f"{head}: CTA click rate {before_clicks / before_views:.1%} before (95% interval {low_before:.1%} to "
        f"{high_before:.1%}, {before_clicks} clicks in {before_views} views), {after_clicks / after_views:.1%} after "
        f"({low_after:.1%} to {high_after:.1%}, {after_clicks} in {after_views}): {verdict}"
    )
