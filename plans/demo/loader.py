"""The loader: writes the demo data to the database, through the services wherever a rule applies."""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from courses import eligibility, places
from courses import services as course_services
from courses.models import (
    CivilServiceRank,
    ClassStatus,
    Course,
    Nomination,
    NominationStatus,
    PlaceStatus,
    PostgraduatePlace,
    SeatAllotment,
    ServiceCommitment,
    Trainee,
    TrainingClass,
    YearlyRating,
)
from partners import services as document_services
from partners.models import (
    Agreement,
    AgreementArea,
    Certificate,
    CooperationActivity,
    CooperationForm,
    Correspondence,
    CorrespondenceStatus,
    DatePrecision,
    DefaultCopy,
    Direction,
    DocumentKind,
    DocumentType,
    OutgoingDocument,
    Partner,
    PartnerContact,
)
from plans import services as plan_services
from plans.models import (
    Agency,
    ContentArea,
    FocalPoint,
    FundingSource,
    LegalDocument,
    LegalDocumentChange,
    PlanFootnote,
    PlanLegalBasis,
    PlanResponsibility,
    PlanStatus,
    PlanTarget,
    TargetGroup,
    TrainingCategory,
    TrainingPlan,
)
from training_portal import locking

from .agencies import AGENCIES, ROOT, USUAL_SIGNERS
from .agency_reports import load_agency_reports
from .annual_report import load_annual_report
from .budget import load_budget
from .catalogue import COURSES
from .certificates import load_certificates
from .compliance import load_compliance
from .delivery import load_delivery
from .exceptions import load_exceptions
from .partners import (
    ACTIVITIES,
    ACTIVITY_2024,
    AGREEMENTS,
    DEFAULT_COPIES,
    LETTER_BODY,
    LETTER_COPIES_TO,
    LETTER_DATED,
    LETTER_REPLY_DUE,
    LETTER_SUBJECT,
    LETTER_SYMBOL,
    LOGODI_YEAR_TITLE,
    PARTNER_CONTACTS,
    PARTNERS,
    REPLY_BODY,
    REPLY_DRAFTING_UNIT,
    REPLY_SIGNER,
)
from .people import ACCOUNTS, LEADER_GROUP, STAFF_APPS, STAFF_GROUP, STAFF_SECURITY_PERMISSIONS, TraineeData
from .places import PlaceData, plan_places
from .planner import ClassData, Planner
from .plans import PLAN_2025, PlanData, recent_plan
from .records import load_records
from .reference import (
    CAT_POSTGRAD,
    CATEGORIES,
    CONTENT_AREAS,
    FUNDING_SOURCES,
    LEGAL_CHANGES,
    LEGAL_DOCUMENTS,
    RANKS,
    TARGET_GROUPS,
)
from .rows import (
    HISTORY_CHANGED,
    HISTORY_CREATED,
    HISTORY_REASON,
    LoadReport,
    history_off,
    record_m2m_history,
    set_m2m,
    upsert,
    upsert_row,
    validate,
)

D = datetime.date


# The service calls that take a new nomination to each final status (after nomination_submit).
PATHS = {
    NominationStatus.NOMINATED: (),
    NominationStatus.WAITLISTED: (),
    NominationStatus.APPROVED: (NominationStatus.APPROVED,),
    NominationStatus.REJECTED: (NominationStatus.REJECTED,),
    NominationStatus.WITHDRAWN: (NominationStatus.APPROVED, NominationStatus.WITHDRAWN),
    NominationStatus.ATTENDED: (NominationStatus.APPROVED, NominationStatus.ATTENDED),
    NominationStatus.COMPLETED: (NominationStatus.APPROVED, NominationStatus.ATTENDED, NominationStatus.COMPLETED),
    NominationStatus.FAILED: (NominationStatus.APPROVED, NominationStatus.ATTENDED, NominationStatus.FAILED),
}

SIGNER_FIELDS = ("signer_authority", "signer_title", "signer_name")
# Who took part in a class: approved and sent, whatever the result.
TOOK_PART = (NominationStatus.ATTENDED, NominationStatus.COMPLETED, NominationStatus.FAILED)


class Loader:
    def __init__(self, today: datetime.date | None = None):
        self.today = today  # the day the recent plans are built around (default: the local date)
        self.report = LoadReport()
        self.agencies: dict[str, Agency] = {}
        self.partners: dict[str, Partner] = {}
        self.users: dict[str, object] = {}
        self.targets: dict[tuple[int, str], PlanTarget] = {}
        self.touched: dict[type, dict[int, str]] = defaultdict(dict)  # model -> pk -> "+" or "~"

    def touch(self, model, pk: int, how: str) -> None:
        if how:
            self.touched[model].setdefault(pk, how)  # created then changed is still "created"

    def record_history(self) -> None:
        """One history record per row the class phase created ("+") or changed ("~"), as it is now."""
        for model, rows in self.touched.items():
            current = model.objects.in_bulk(list(rows))
            for how in (HISTORY_CREATED, HISTORY_CHANGED):
                batch = [current[pk] for pk, kind in rows.items() if kind == how and pk in current]
                if batch:
                    records = model.history.bulk_history_create(
                        batch, update=how == HISTORY_CHANGED, default_change_reason=HISTORY_REASON, batch_size=500
                    )
                    record_m2m_history(model, records or [])

    def run(self) -> LoadReport:
        planner = Planner(today=self.today, rules=eligibility.active_rules())
        classes = planner.classes_2025() + planner.classes_recent()
        self.reference_data()
        self.load_agencies()
        self.load_partners()
        self.load_accounts()
        self.plans = {data.year: self.load_plan(data) for data in (PLAN_2025, *recent_plans(classes))}
        self.load_letters()
        self.load_courses()
        self.load_trainees(planner.trainees)
        # Thousands of service calls: each would write its own history rows (a class's, with its m2m, on every
        # allotment). They run with history off; then every row they touched gets one record of its final state.
        with history_off():
            for klass in classes:
                self.load_class(klass)
        self.record_history()
        self.load_partner_history(classes)
        self.load_places(plan_places(planner.trainees, {a.code: a.name for a in AGENCIES}, planner.rules))
        load_exceptions(self, self.today or timezone.localdate())  # an exception to a rule of eligibility (issue 15)
        load_compliance(self)  # who is behind: the requirements, and dated appointments and ranks (compliance.py)
        # Each person's record: training outside the plan with its evidence, the leaders' position history.
        load_records(
            agencies=self.agencies,
            today=self.today or timezone.localdate(),
            staff=self.users["staff"],
            focal_points=self.users,
            report=self.report,
        )
        load_delivery(classes, self.report)  # sessions, attendance and results of the finished classes
        self.load_certificates()
        load_budget(self, classes, self.today or timezone.localdate())  # issue 16: the budget of the classes
        load_agency_reports(self, self.report)  # issue 16: the agencies' own training reported for 2025
        load_annual_report(self, self.report)  # issue 16: the report on 2025 to the Ministry, a draft ready to issue
        self.report.accounts = list(ACCOUNTS)
        self.report.agency_names = {code: agency.name for code, agency in self.agencies.items()}
        return self.report

    def load_certificates(self) -> None:
        """One finished class the department certified itself, its certificates issued (and one revoked)."""
        today = self.today or timezone.localdate()
        issued = load_certificates(year=today.year, today=today, by=self.users["staff"])
        self.report.created[Certificate._meta.label] += len(issued)

    # -- reference data -------------------------------------------------------------------------

    def reference_data(self) -> None:
        report = self.report
        self.target_groups = {
            code: upsert(TargetGroup, {"code": code}, {"name": name, "order": order}, report)
            for order, (code, name) in enumerate(TARGET_GROUPS, start=1)
        }
        self.funding = {
            code: upsert(FundingSource, {"code": code}, {"name": name, "description": description}, report)
            for code, name, description in FUNDING_SOURCES
        }
        self.content_areas = {
            code: upsert(ContentArea, {"code": code}, {"name": name, "order": order}, report)
            for order, (code, name) in enumerate(CONTENT_AREAS, start=1)
        }
        self.ranks = {
            code: upsert(CivilServiceRank, {"code": code}, {"name": name, "order": order}, report)
            for code, name, order in RANKS
        }
        self.legal_documents = {
            doc.key: upsert(
                LegalDocument,
                {"number": doc.number, "issuer": doc.issuer},
                {
                    "doc_type": doc.doc_type,
                    "issued_on": doc.issued_on,
                    "title": doc.title,
                    "effective_from": doc.effective_from,
                    "effective_to": doc.effective_to,
                    "applies_to": doc.applies_to,
                    "source": doc.source,
                },
                report,
            )
            for doc in LEGAL_DOCUMENTS
        }
        for later, earlier, kind, scope, source in LEGAL_CHANGES:
            upsert(
                LegalDocumentChange,
                {"document": self.legal_documents[later], "changed": self.legal_documents[earlier], "kind": kind},
                {"scope": scope, "source": source},
                report,
            )
        self.categories = {}
        for category in CATEGORIES:
            self.categories[category.code] = upsert(
                TrainingCategory,
                {"code": category.code},
                {
                    "name": category.name,
                    "label": category.label,
                    "order": category.order,
                    "parent": self.categories[category.parent] if category.parent else None,
                    "kind": category.kind,
                    "is_overseas": category.is_overseas,
                },
                report,
            )

    def load_agencies(self) -> None:
        for data in AGENCIES:
            self.agencies[data.code] = upsert(
                Agency,
                {"code": data.code},
                {
                    "name": data.name,
                    "abbreviation": data.abbreviation,
                    "kind": data.kind,
                    "parent": self.agencies[data.parent] if data.parent else None,
                    "place_name": data.place_name,
                    "headcount": data.headcount,
                    "valid_from": data.valid_from,
                    "valid_to": data.valid_to,
                    "successor": self.agencies[data.successor] if data.successor else None,
                    **dict(zip(SIGNER_FIELDS, USUAL_SIGNERS.get(data.code, ("", "", "")), strict=True)),
                },
                self.report,
            )
        for order, (kind, body, text, named, valid_from, valid_to) in enumerate(DEFAULT_COPIES, start=1):
            upsert(
                DefaultCopy,
                {"kind": kind, "issuing_agency": self.agencies[body] if body else None, "text": text},
                {
                    "order": order,
                    "agency": self.agencies[named] if named else None,
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                },
                self.report,
            )

    # -- partners -------------------------------------------------------------------------------

    def load_partners(self) -> None:
        report = self.report
        for data in PARTNERS:
            self.partners[data.code] = upsert(
                Partner,
                {"code": data.code},
                {
                    "name": data.name,
                    "name_vi": data.name_vi,
                    "abbreviation": data.abbreviation,
                    "kind": data.kind,
                    "country": data.country,
                    "is_foreign": data.is_foreign,
                    "parent": self.partners[data.parent] if data.parent else None,
                    "website": data.website,
                    "notes": data.notes,
                },
                report,
            )
        for partner, name, title in PARTNER_CONTACTS:
            upsert(PartnerContact, {"partner": self.partners[partner], "name": name}, {"title": title}, report)
        agreements = {}
        for data in AGREEMENTS:
            agreement = upsert(
                Agreement,
                {"partner": self.partners[data.partner], "title": data.title},
                {
                    "counterpart_agency": self.agencies[data.counterpart_agency] if data.counterpart_agency else None,
                    "counterpart_partner": (
                        self.partners[data.counterpart_partner] if data.counterpart_partner else None
                    ),
                    "scope": data.scope,
                    "signed_on": data.signed_on,
                    "valid_from": data.valid_from,
                    "form_abroad": data.form_abroad,
                    "form_in_province": data.form_in_province,
                    "form_online": data.form_online,
                },
                report,
            )
            for order, description in enumerate(data.areas, start=1):
                upsert(AgreementArea, {"agreement": agreement, "order": order}, {"description": description}, report)
            agreements[data.partner] = agreement
        self.activities = {}
        for data in ACTIVITIES:
            self.activities[data.title] = upsert(
                CooperationActivity,
                {"partner": self.partners[data.partner], "title": data.title},
                {
                    "funder": self.partners[data.funder] if data.funder else None,
                    "agreement": agreements.get(data.partner),
                    "agency": self.agencies[ROOT],
                    "year_from": data.year_from,
                    "year_to": data.year_to,
                    "form": data.form,
                    "location": data.location,
                    "courses_count": data.courses_count,
                    "participants_count": data.participants_count,
                    "notes": data.notes,
                },
                report,
            )
        for code in document_services.STANDARD_DOCUMENT_TYPES:
            upsert(DocumentType, {"code": code}, document_services.standard_document_type_fields(code), report)

    def load_letters(self) -> None:
        """The LOGODI letter (seed 000), about the 2024 online course of LOGODI's history and feeding the 2025 plan
        (the demo's first, whose overseas class is LOGODI's: there is no 2024 plan to feed), so the dashboard counts
        it, overdue, for that plan; and Sở Nội vụ's answer as a draft ready to issue."""
        report = self.report
        incoming = upsert(
            Correspondence,
            {
                "direction": Direction.INCOMING,
                "symbol": LETTER_SYMBOL,
                "dated": LETTER_DATED,
                "sender_agency": self.agencies["LS-SNGV"],
            },
            {
                "number": None,
                "dated_precision": DatePrecision.MONTH,
                "received_on": None,  # not in the seed
                "recipient_agency": self.agencies["LS-SNV"],
                "subject": LETTER_SUBJECT,
                "body": LETTER_BODY,
                "copies_to": LETTER_COPIES_TO,
                "partner": self.partners["logodi"],
                "activity": self.activities[ACTIVITY_2024],
                "plan": self.plans[PLAN_2025.year],
                "reply_due": LETTER_REPLY_DUE,
                "status": CorrespondenceStatus.RECEIVED,
                "signer_authority": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
                "signer_name": "Trần Thị Vân Thùy",
            },
            report,
        )
        self.load_reply(incoming, report)

    def load_reply(self, incoming: Correspondence, report: LoadReport) -> None:
        answer = document_services.reply_for(incoming)
        authority, title, name = REPLY_SIGNER
        reply = upsert(
            Correspondence,
            {"direction": Direction.OUTGOING, "in_reply_to": incoming},
            {
                "sender_agency": answer.sender_agency,
                "recipient_agency": answer.recipient_agency,
                "subject": answer.subject,
                "body": f"{answer.body}\n{REPLY_BODY}",
                "copies_to": answer.copies_to,  # Sở Nội vụ's usual "Nơi nhận" of a letter
                "partner": answer.partner,
                "activity": answer.activity,
                "plan": answer.plan,
                "signer_authority": authority,
                "signer_title": title,
                "signer_name": name,
            },
            report,
            create_only={"dated": answer.dated, "status": CorrespondenceStatus.DRAFT},
        )
        if not OutgoingDocument.objects.filter(correspondence=reply).exists():
            document = document_services.document_prepare(kind=DocumentKind.LETTER, source=reply)
            document.drafting_unit = REPLY_DRAFTING_UNIT
            document.save(update_fields=["drafting_unit"])
            report.created[OutgoingDocument._meta.label] += 1

    # -- accounts -------------------------------------------------------------------------------

    def load_accounts(self) -> None:
        staff_group, created = Group.objects.get_or_create(name=STAFF_GROUP)
        self.report.created["auth.Group"] += created
        staff_permissions = (
            Permission.objects.filter(content_type__app_label__in=STAFF_APPS)
            .filter(
                Q(codename__startswith="add_")
                | Q(codename__startswith="change_")
                | Q(codename__startswith="view_")
                | Q(codename__startswith="delete_")
            )
            .exclude(content_type__model__startswith="historical")  # the audit trail is not edited by hand
        )
        security = Q()
        for app_label, codename in STAFF_SECURITY_PERMISSIONS:
            security |= Q(content_type__app_label=app_label, codename=codename)
        set_m2m(staff_group.permissions, [*staff_permissions, *Permission.objects.filter(security)])
        leader_group, created = Group.objects.get_or_create(name=LEADER_GROUP)
        self.report.created["auth.Group"] += created
        set_m2m(
            leader_group.permissions,
            [Permission.objects.get(content_type__app_label="plans", codename="view_dashboard")],
        )
        groups = {"staff": [staff_group], "leader": [leader_group]}
        user_model = get_user_model()
        for data in ACCOUNTS:
            user = user_model.objects.filter(username=data.username).first()
            if user is None:
                user = user_model(username=data.username)
                self.report.created[user_model._meta.label] += 1
            user.first_name, user.last_name, user.email = data.first_name, data.last_name, data.email
            user.is_active = True
            user.is_staff = data.role in ("staff", "superuser")
            user.is_superuser = data.role == "superuser"
            user.set_password(data.password)
            user.save()
            set_m2m(user.groups, groups.get(data.role, []))
            if data.agency:
                _point, created = FocalPoint.objects.get_or_create(user=user, agency=self.agencies[data.agency])
                self.report.created["plans.FocalPoint"] += created
            self.users[data.role if data.role != "focal_point" else data.agency] = user

    def nominating_user(self, agency_code: str):
        return self.users.get(agency_code) or self.users["staff"]

    # -- plans ----------------------------------------------------------------------------------

    def load_plan(self, data: PlanData) -> TrainingPlan:
        report = self.report
        issuer = self.agencies[ROOT]
        values = {
            "title": data.title,
            "purposes": data.purposes,
            "requirements": data.requirements,
            "refresher_for": data.refresher_for,
            "signer_authority": data.signer_authority,
            "signer_title": data.signer_title,
            "signer_name": data.signer_name,
        }
        # The body's open plan for the year (a closed one stays as it is and a new one is made).
        open_plan = (
            TrainingPlan.objects.filter(issuing_agency=issuer, year=data.year).exclude(status=PlanStatus.CLOSED).first()
        )
        lookup = {"pk": open_plan.pk} if open_plan else {"issuing_agency": issuer, "year": data.year}
        plan = upsert(TrainingPlan, lookup, values, report)
        for order, (key, role) in enumerate(data.legal_bases, start=1):
            upsert(
                PlanLegalBasis,
                {"plan": plan, "document": self.legal_documents[key]},
                {"role": role, "order": order},
                report,
            )
        set_m2m(plan.target_groups, [self.target_groups[code] for code in data.target_groups])
        set_m2m(plan.funding_sources, [self.funding[code] for code in data.funding_sources])
        for order, (agency, heading, duties) in enumerate(data.responsibilities, start=1):
            upsert(
                PlanResponsibility,
                {"plan": plan, "order": order},
                {"agency": self.agencies[agency] if agency else None, "heading": heading, "duties": duties},
                report,
            )
        for category, (classes, seats) in data.targets.items():
            self.targets[data.year, category] = upsert(
                PlanTarget,
                {"plan": plan, "category": self.categories[category]},
                {"planned_classes": classes, "planned_seats": seats, "wording": data.wordings.get(category, "")},
                report,
            )
        for order, (anchor, text) in enumerate(data.footnotes, start=1):
            upsert(PlanFootnote, {"plan": plan, "order": order}, {"anchor": anchor, "text": text}, report)
        if plan.status == PlanStatus.DRAFT:
            plan_services.plan_submit(plan=plan, by=self.users["staff"], note="Trình phê duyệt (dữ liệu mẫu)")
        if plan.status == PlanStatus.SUBMITTED:
            plan_services.plan_approve(plan=plan, by=self.users["leader"], note="Đồng ý (dữ liệu mẫu)")
        if plan.issued_document is None:
            # Issued on paper before the portal kept the register (the seed: "Số: …/KH-UBND", its number blank):
            # recorded as such, so its symbol and date have the same one home as a document issued here.
            document_services.document_record_paper(
                kind=DocumentKind.PLAN,
                source=plan,
                symbol=data.document_symbol,
                issued_on=data.issued_on,
                precision=DatePrecision.DAY if data.issued_day_known else DatePrecision.MONTH,
                by=self.users["staff"],
            )
            self.report.created[OutgoingDocument._meta.label] += 1
        return plan

    # -- courses, trainees, classes -------------------------------------------------------------

    def load_courses(self) -> None:
        self.courses = {}
        for data in COURSES:
            course = upsert(
                Course,
                {"code": data.code},
                {
                    "title": data.title,
                    "category": self.categories[data.category],
                    "description": data.description,
                    "duration_days": data.duration_days or None,
                    "required_language_level": data.language_level,
                },
                self.report,
            )
            set_m2m(course.content_areas, [self.content_areas[code] for code in data.content_areas])
            self.courses[data.code] = course

    def load_trainees(self, trainees: list[TraineeData]) -> None:
        """Trainees in bulk: only those not there yet (matched on the citizen ID) are created."""
        existing = set(
            Trainee.objects.filter(personal_id__in=[t.personal_id for t in trainees]).values_list(
                "personal_id", flat=True
            )
        )
        missing = [
            Trainee(
                personal_id=t.personal_id,
                full_name=t.full_name,
                date_of_birth=t.date_of_birth,
                gender=t.gender,
                agency=self.agencies[t.agency],
                position=t.position,
                rank=self.ranks[t.rank] if t.rank else None,
                leadership_level=t.leadership_level,
                political_theory_level=t.political_theory_level,
                foreign_language_level=t.foreign_language_level,
                language_level=t.language_level,
                service_start_date=t.service_start_date,
                study_fields=t.study_fields,
            )
            for t in trainees
            if t.personal_id not in existing
        ]
        for trainee in missing:
            validate(trainee, unique=False)  # the existing citizen IDs were filtered out above
        if missing:
            bulk_create_with_history(missing, Trainee, batch_size=500)
            self.report.created[Trainee._meta.label] += len(missing)
        self.trainees = {
            trainee.personal_id: trainee
            for trainee in Trainee.objects.filter(personal_id__in=[t.personal_id for t in trainees]).select_related(
                "agency"
            )
        }
        self.load_ratings(trainees)

    def load_ratings(self, trainees: list[TraineeData]) -> None:
        """The people's yearly ratings, which the rules of eligibility read: only those not there yet."""
        pks = {t.personal_id: self.trainees[t.personal_id].pk for t in trainees}
        there = set(YearlyRating.objects.filter(trainee_id__in=pks.values()).values_list("trainee_id", "year"))
        missing = [
            YearlyRating(trainee_id=pks[t.personal_id], year=year, rating=rating)
            for t in trainees
            for year, rating in t.ratings
            if (pks[t.personal_id], year) not in there
        ]
        if missing:
            bulk_create_with_history(missing, YearlyRating, batch_size=1000)
            self.report.created[YearlyRating._meta.label] += len(missing)

    def load_places(self, planned: list[PlaceData]) -> None:
        """The 2025 postgraduate places through the services (proposed, enrolled, then as their dates say), their
        commitments and the two reimbursement cases; a place already there is only moved on, never back."""
        today = self.today or timezone.localdate()
        target = self.targets[PLAN_2025.year, CAT_POSTGRAD]
        existing = {
            p.trainee.personal_id: p for p in PostgraduatePlace.objects.filter(target=target).select_related("trainee")
        }
        for data in planned:
            place = existing.get(data.personal_id)
            if place is None:
                place = places.place_propose(
                    trainee=self.trainees[data.personal_id],
                    target=target,
                    level=data.level,
                    mode=data.mode,
                    institution=data.institution,
                    field_of_study=data.field_of_study,
                    start_date=data.start,
                    expected_end=data.expected_end,
                    funding_source=self.funding["nsnn-tinh"],
                    funded_amount=data.funded_amount,
                )
                self.report.created[PostgraduatePlace._meta.label] += 1
            _place_progress(place, data, today)
            commitment = ServiceCommitment.objects.filter(place=place).first()
            if commitment is None:
                continue
            if data.leaving_in_days is not None and commitment.is_open and commitment.leaving_on is None:
                places.commitment_report_leaving(
                    commitment=commitment, on=today + datetime.timedelta(days=data.leaving_in_days)
                )
            case = commitment.cases.first()
            if data.case is not None and case is not None:
                paid_days = set(case.payments.values_list("paid_on", flat=True))
                for day, amount in data.case.payments:
                    if day not in paid_days:
                        places.payment_record(
                            case=case, paid_on=day, amount=amount, receipt=f"GNT-{case.pk:04d}-{day:%m%d}"
                        )

    def load_class(self, data: ClassData) -> None:
        report = self.report
        values = {
            "title": data.title,
            "course": self.courses[data.course],
            "target": self.targets[data.plan_year, data.category],
            "mode": data.mode,
            "location": data.location,
            "country": data.country,
            "start_date": data.start_date,
            "end_date": data.end_date,
            "planned_seats": data.seats,
            "organiser": self.agencies[data.organiser] if data.organiser else None,
            "planned_organiser": self.agencies[data.planned_organiser] if data.planned_organiser else None,
            "organiser_since": data.organiser_since,
            "provider": self.partners[data.provider] if data.provider else None,
            "registration_opens": data.registration_opens,
            "registration_closes": data.registration_closes,
            "funding_source": self.funding[data.funding_source],
            "budget_estimate": data.budget_estimate,
        }
        # A new class starts open, so that nominations can be submitted; it gets its final status below.
        klass, how = upsert_row(
            TrainingClass, {"code": data.code}, values, report, create_only={"status": ClassStatus.OPEN}
        )
        self.touch(TrainingClass, klass.pk, how)
        for manager, codes, lookup in (
            (klass.target_groups, data.target_groups, self.target_groups),
            (klass.content_areas, data.content_areas, self.content_areas),
        ):
            if set_m2m(manager, [lookup[code] for code in codes]):
                self.touch(TrainingClass, klass.pk, HISTORY_CHANGED)

        current = {a.agency_id: a.seats for a in SeatAllotment.objects.filter(training_class=klass)}
        for agency_code, seats in data.allotments:
            agency = self.agencies[agency_code]
            if current.get(agency.pk) != seats:
                allotment = course_services.allotment_set(training_class=klass, agency=agency, seats=seats)
                how = HISTORY_CHANGED if agency.pk in current else HISTORY_CREATED
                report.created[SeatAllotment._meta.label] += how == HISTORY_CREATED
                self.touch(SeatAllotment, allotment.pk, how)
                self.touch(TrainingClass, klass.pk, HISTORY_CHANGED)

        done = set(Nomination.objects.filter(training_class=klass).values_list("trainee__personal_id", flat=True))
        missing = [nomination for nomination in data.nominations if nomination.personal_id not in done]
        if missing:
            self.touch(TrainingClass, klass.pk, HISTORY_CHANGED)
            for allotment_pk in SeatAllotment.objects.filter(training_class=klass).values_list("pk", flat=True):
                self.touch(SeatAllotment, allotment_pk, HISTORY_CHANGED)  # their seats taken change
        if missing and klass.status in (ClassStatus.FINISHED, ClassStatus.CANCELLED):
            klass.status = ClassStatus.OPEN  # reopened only for as long as the missing nominations are submitted
            klass.save(update_fields=["status"])
        timestamps = []
        # People on the waiting list come last, once their agency's seats are taken; those rejected or withdrawn first,
        # as the seat they hold for a moment may be one a waiting list was cut to.
        missing.sort(
            key=lambda planned: (
                planned.status == NominationStatus.WAITLISTED,
                planned.status not in (NominationStatus.REJECTED, NominationStatus.WITHDRAWN),
            )
        )
        for planned in missing:
            trainee = self.trainees[planned.personal_id]
            nomination = course_services.nomination_submit(
                trainee=trainee,
                training_class=klass,
                by=self.nominating_user(trainee.agency.code),
                waitlist_if_full=planned.status == NominationStatus.WAITLISTED,
            )
            for step in PATHS[planned.status]:
                nomination = course_services.nomination_change_status(
                    nomination=nomination,
                    to_status=step,
                    by=self.users["staff"],
                    reason=planned.reason if step in (NominationStatus.REJECTED, NominationStatus.WITHDRAWN) else "",
                )
            nomination.nominated_at = planned.nominated_at
            if nomination.decided_at is not None:
                nomination.decided_at = planned.decided_at
            timestamps.append(nomination)
            self.touch(Nomination, nomination.pk, HISTORY_CREATED)
        if timestamps:
            Nomination.objects.bulk_update(timestamps, ["nominated_at", "decided_at"])
            report.created[Nomination._meta.label] += len(timestamps)
        if klass.status != data.status:
            klass.status = data.status
            klass.save(update_fields=["status"])
            self.touch(TrainingClass, klass.pk, HISTORY_CHANGED)

    def load_partner_history(self, classes: list[ClassData]) -> None:
        """LOGODI's classes of the plans in its history of cooperation: one activity a year, with its classes."""
        by_year: dict[int, list[str]] = defaultdict(list)
        for klass in classes:
            if klass.provider == "logodi":
                by_year[klass.plan_year].append(klass.code)
        logodi, root = self.partners["logodi"], self.agencies[ROOT]
        for year, codes in sorted(by_year.items()):
            in_system = list(TrainingClass.objects.filter(code__in=codes).order_by("code"))
            took_part = Nomination.objects.filter(training_class__in=in_system, status__in=TOOK_PART).count()
            activity = upsert(
                CooperationActivity,
                {"partner": logodi, "title": LOGODI_YEAR_TITLE.format(year=year)},
                {
                    "agreement": Agreement.objects.filter(partner=logodi).order_by("pk").first(),
                    "agency": root,
                    "year_from": year,
                    "year_to": year,
                    "form": CooperationForm.ABROAD,
                    "location": "Hàn Quốc",
                    "courses_count": len(in_system),
                    "participants_count": took_part,
                    "notes": "Các lớp bồi dưỡng tại nước ngoài của Kế hoạch năm {year}: {codes}.".format(
                        year=year, codes=", ".join(codes)
                    ),
                },
                self.report,
            )
            set_m2m(activity.training_classes, in_system)


DROP_OUT_REASON = "Xin thôi học vì lý do gia đình."
EXTENSION_REASON = "Gia hạn thời gian bảo vệ luận văn theo quyết định của cơ sở đào tạo."


def _place_progress(place: PostgraduatePlace, data: PlaceData, today: datetime.date) -> None:
    """Move a demo place, through the services, to what its dates say on `today` (never back)."""
    wanted = data.status_on(today)
    if place.status == PlaceStatus.PROPOSED:
        place = places.place_enrol(place=place)
    if wanted == PlaceStatus.DROPPED_OUT and place.status != PlaceStatus.DROPPED_OUT:
        instalments = data.case.instalments if data.case else 1
        due_by = data.dropped_on + datetime.timedelta(days=30 * instalments * 3)
        places.place_drop_out(
            place=place,
            on=data.dropped_on,
            reason="Xin thôi học vì lý do gia đình.",
            instalments=instalments,
            due_by=due_by,
        )
        return
    if wanted in (PlaceStatus.EXTENDED, PlaceStatus.GRADUATED) and data.extended_to and place.extended_to is None:
        place = places.place_extend(
            place=place,
            to=data.extended_to,
            reason="Gia hạn thời gian bảo vệ luận văn theo quyết định của cơ sở đào tạo.",
        )
    if wanted == PlaceStatus.GRADUATED and place.status != PlaceStatus.GRADUATED:
        places.place_graduate(place=place, on=data.graduated_on, degree=data.degree)


def recent_plans(classes: list[ClassData]) -> list[PlanData]:
    """The plans after 2025's (last year's, when after 2025, and the current one), their targets their classes'."""
    targets: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for klass in classes:
        if klass.plan_year > PLAN_2025.year:
            count, seats = targets[klass.plan_year].get(klass.category, (0, 0))
            targets[klass.plan_year][klass.category] = (count + 1, seats + klass.seats)
    return [recent_plan(year, targets[year]) for year in sorted(targets)]


def load_demo(today: datetime.date | None = None) -> LoadReport:
    """Load (or update) the demo province around `today` (default: the local date; see `schedule`).
    Call inside a transaction: see the load_demo command."""
    with locking.any_order():  # thousands of service calls in one transaction, in the order of the story
        return Loader(today).run()
