from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from analytics import charts, reports, selectors, stats
from analytics.charts import Chart, ChartRow, RefLine
from core.errors import ValidationFailed
from interviews.models import RoundType


def _n(n: int, few: bool) -> str:
    return f"n = {n}" + (" (few)" if few else "")


def _calibration_chart(rows: list[reports.CalibrationRow]) -> Chart:
    return Chart(
        "Offset of each interviewer's overall recommendation from the panel, with 95% intervals",
        [ChartRow(r.interviewer, r.offset, r.ci_low, r.ci_high, note=_n(r.loops, r.few), faint=r.few) for r in rows],
        lo=-3,
        hi=3,
        ticks=[-3, -2, -1, 0, 1, 2, 3],
        refs=[RefLine(0, "panel")],
        fmt="{:+g}",
        value_fmt="{:+.2f}",
    )


def _reliability_chart(rows: list[reports.ReliabilityRow]) -> Chart:
    return Chart(
        "Krippendorff's alpha (ordinal) per round type",
        [ChartRow(r.round_name, r.alpha, note=_n(r.units, r.few), faint=r.few) for r in rows],
        lo=-0.5,
        hi=1,
        ticks=[-0.5, 0, 0.5, 1],
        bars=True,
        refs=[RefLine(0.667, ".667"), RefLine(0.8, ".8")],
        value_fmt="{:.2f}",
    )


def _time_chart(rows: list[reports.TimeToSubmitRow]) -> Chart:
    top = max([r.p90_hours or 0 for r in rows] + [72])
    top = float(24 * -(-top // 24))
    step = 24 if top <= 168 else 24 * 7
    return Chart(
        "Hours from interview end to scorecard submission: quartile box, median line, whisker to the 90th percentile",
        [
            ChartRow(
                r.round_name,
                r.median_hours,
                r.p25_hours,
                r.p90_hours,
                box=(r.p25_hours, r.p75_hours) if r.n else None,
                note=_n(r.n, r.few),
                faint=r.few,
            )
            for r in rows
        ],
        lo=0,
        hi=top,
        ticks=[float(t) for t in range(0, int(top) + 1, step)],
        refs=[RefLine(reports.LATE_HOURS, "48 h late")],
        fmt="{:g} h",
        value_fmt="{:.1f} h",
    )


def _rate_chart(title: str, rows: list[ChartRow], refs: list[RefLine]) -> Chart:
    return Chart(title, rows, lo=0, hi=1, ticks=[0, 0.25, 0.5, 0.75, 1], bars=True, refs=refs, fmt="{:.0%}")


def _sections(viewer, filters: selectors.AnalyticsFilters, query: dict) -> list[dict]:
    report = selectors.analytics_reports(names=reports.NAMES, viewer=viewer, filters=filters)
    calibration = report["calibration"].rows
    reliability = report["reliability"].rows
    time_rows = report["time-to-submit"].rows
    funnel = report["funnel"].rows
    validity = report["round-validity"].rows

    def csv(name: str, **extra: str) -> str:
        return f"{reverse(name)}?{urlencode({**query, 'format': 'csv', **extra})}"

    return [
        {
            "id": "calibration",
            "title": "Interviewer calibration",
            "chart": charts.render(_calibration_chart(calibration)),
            "explain": "How much higher (+) or lower (−) each interviewer's overall recommendation sits than the "
            "rest of the panel on the same loops, on the 1–4 scale; a whisker that crosses 0 means we cannot tell "
            f"them from the panel, and fewer than {stats.MIN_N} shared loops is too few to trust.",
            "rows": calibration,
            "csv": csv("analytics-calibration"),
        },
        {
            "id": "reliability",
            "title": "Inter-rater reliability",
            "chart": charts.render(_reliability_chart(reliability)),
            "explain": "Krippendorff's alpha says how often interviewers on the same interview give the same 1–4 "
            "rating to the same competency (1 = always, 0 = no better than chance; .8 is good, below .667 is "
            f"weak); only interviews scored by two or more people count, and below {stats.MIN_N} units it is noise.",
            "rows": reliability,
            "competencies": report["reliability"].competencies,
            "csv": csv("analytics-reliability"),
            "csv_competencies": csv("analytics-reliability", by="competency"),
        },
        {
            "id": "time-to-submit",
            "title": "Time to submit scorecards",
            "chart": charts.render(_time_chart(time_rows)),
            "explain": "How long after the interview ended the scorecard came in (box = middle half, line = median, "
            "whisker = 90th percentile); past 48 hours memory fades and the scorecard is marked late, and "
            f"fewer than {stats.MIN_N} scorecards say little.",
            "rows": time_rows,
            "csv": csv("analytics-time-to-submit"),
        },
        {
            "id": "funnel",
            "title": "Funnel pass-through",
            "chart": charts.render(
                _rate_chart(
                    "Share of candidates passed per round and hired at the decision, with Wilson 95% intervals",
                    [
                        ChartRow(r.label, r.rate, r.ci_low, r.ci_high, note=f"{r.passed}/{r.reached}", faint=r.few)
                        for r in funnel
                    ],
                    [],
                )
            ),
            "explain": "The share of candidates whose panel leaned yes in each round, and the share of decided loops "
            "that ended in a hire; the whisker is the range the true rate plausibly lies in, which is wide "
            f"below {stats.MIN_N} candidates.",
            "rows": funnel,
            "csv": csv("analytics-funnel"),
        },
        {
            "id": "round-validity",
            "title": "Round validity",
            "chart": charts.render(
                _rate_chart(
                    "Share of decided loops where the round's lean matched the final decision, with Wilson 95% "
                    "intervals",
                    [
                        ChartRow(r.round_name, r.agreement, r.ci_low, r.ci_high, note=f"{r.agree}/{r.n}", faint=r.few)
                        for r in validity
                    ],
                    [RefLine(0.5, "coin flip")],
                )
            ),
            "explain": "How often a round's yes/no matched the committee's final hire/no-hire (and the correlation "
            "of its 1–4 overall score with the decision); a whisker reaching 50% means the round predicts no "
            f"better than a coin, and fewer than {stats.MIN_N} decided loops cannot tell.",
            "rows": validity,
            "csv": csv("analytics-round-validity"),
        },
    ]


@login_required
def analytics_index(request: HttpRequest) -> HttpResponse:
    if not selectors.analytics_can_view(viewer=request.user):
        raise PermissionDenied(selectors.ANALYTICS_FORBIDDEN)
    raw = {"round_type": request.GET.get("round_type", ""), "since": request.GET.get("since", "")}
    context = {"raw": raw, "round_types": RoundType.Code.choices, "errors": {}, "sections": [], "min_n": stats.MIN_N}
    try:
        filters = selectors.analytics_filters_parse(round_type=raw["round_type"], since=raw["since"])
    except ValidationFailed as exc:
        context["errors"] = exc.errors
        return render(request, "analytics/index.html", context, status=400)
    query = {key: value for key, value in (("round_type", filters.round_type), ("since", filters.since)) if value}
    context["sections"] = _sections(request.user, filters, query)
    return render(request, "analytics/index.html", context)
