"""The demo's report on 2025 to the Ministry of Home Affairs (issue 16): drafted by Sở Nội vụ on the 2025 plan, with
its usual signer, drafting unit and "Nơi nhận", ready to issue (a draft: issuing it takes the next number of Sở Nội
vụ's register, and freezes the figures of that day). Loaded once: a report already drafted or issued on the plan is
left as it is, so loading twice changes nothing."""

from partners import services as document_services
from partners.models import DocumentKind, OutgoingDocument

from .agencies import SNV
from .rows import LoadReport

YEAR = 2025
DRAFTING_UNIT = "CCVC"


def load_annual_report(loader, report: LoadReport) -> OutgoingDocument | None:
    plan = loader.plans[YEAR]
    if OutgoingDocument.objects.filter(kind=DocumentKind.ANNUAL_REPORT, reported_plan=plan).exists():
        return None
    draft = document_services.document_prepare(
        kind=DocumentKind.ANNUAL_REPORT, source=plan, by=loader.users["staff"], issuing_agency=loader.agencies[SNV]
    )
    draft.drafting_unit = DRAFTING_UNIT
    draft.save(update_fields=["drafting_unit"])
    report.created[OutgoingDocument._meta.label] += 1
    return draft
