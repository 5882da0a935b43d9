"""The demo's agencies' training reports for 2025 (issue 16): the round with its deadline (15/01/2026), Thành phố
Lạng Sơn's report sent late and accepted, Sở Tài chính's sent in time and returned with a reason (its focal point
sees it to correct). Made up, every figure. Loaded once: a report already there is left as it is, so loading twice
changes nothing."""

import datetime

from django.utils import timezone

from plans.agency_reports import services
from plans.agency_reports.models import AgencyTrainingReport, ReportingRound

from .reference import CAT_A, CAT_C, CAT_D
from .rows import LoadReport, upsert

YEAR = 2025
DEADLINE = datetime.date(2026, 1, 15)
NOTE = "Báo cáo kết quả đào tạo, bồi dưỡng do cơ quan, đơn vị tự tổ chức năm 2025 (Nghị định 171/2025/NĐ-CP)."

# agency code, sent on, (category, classes, participants, periods), staff's decision and reason
REPORTS = (
    (
        "LS-TPLS",
        datetime.datetime(2026, 1, 22, 9, 30),
        ((CAT_C, 3, 145, 72), (CAT_D, 2, 118, 40)),
        "accept",
        "",
    ),
    (
        "LS-STC",
        datetime.datetime(2026, 1, 12, 15, 0),
        ((CAT_A, 1, 35, 40), (CAT_C, 2, 60, 48)),
        "return",
        "Số học viên lớp bồi dưỡng theo vị trí việc làm chưa khớp danh sách gửi kèm; đề nghị rà soát và gửi lại.",
    ),
)


def load_agency_reports(loader, report: LoadReport) -> None:
    reporting_round = upsert(ReportingRound, {"year": YEAR}, {"deadline": DEADLINE, "note": NOTE}, report)
    for code, sent, lines, decision, reason in REPORTS:
        agency = loader.agencies[code]
        if AgencyTrainingReport.objects.filter(round=reporting_round, agency=agency).exists():
            continue
        sent_at = timezone.make_aware(sent)
        made = services.report_submit(
            agency=agency,
            reporting_round=reporting_round,
            lines=[
                services.LineFigures(loader.categories[category], classes, participants, periods)
                for category, classes, participants, periods in lines
            ],
            by=loader.users.get(code),
            now=sent_at,
        )
        decided_at = sent_at + datetime.timedelta(days=3)
        if decision == "accept":
            services.report_accept(report=made, by=loader.users["staff"], now=decided_at)
        else:
            services.report_return(report=made, by=loader.users["staff"], reason=reason, now=decided_at)
        report.created["plans.AgencyTrainingReport"] += 1
