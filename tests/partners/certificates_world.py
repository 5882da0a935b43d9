"""A finished class the department certifies itself, with nominees in every state a certificate cares about."""

import datetime
from dataclasses import dataclass, field

from courses.models import CertificateKind, Nomination, NominationStatus, Result, TrainingClass
from partners.certificates import services
from partners.models import ClassCertification
from plans.models import Agency
from tests.factories import AgencyFactory, TraineeFactory, TrainingClassFactory

D = datetime.date
START, END = D(2025, 6, 2), D(2025, 6, 6)
ON = D(2025, 6, 10)


@dataclass
class CertifiedClass:
    snv: Agency
    training_class: TrainingClass
    certification: ClassCertification
    completed: list[Nomination] = field(default_factory=list)  # in the order of their names
    failed: Nomination | None = None
    attended: Nomination | None = None


def department(code="CERT-SNV") -> Agency:
    root = AgencyFactory(code=f"{code}-UBND", name="UBND tỉnh Lạng Sơn", abbreviation="UBND")
    return AgencyFactory(
        code=code,
        name="Sở Nội vụ",
        abbreviation="SNV",
        parent=root,
        place_name="Lạng Sơn",
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn An",
    )


def nominate(training_class, name: str, status: str, **trainee) -> Nomination:
    person = TraineeFactory(full_name=name, **trainee)
    return Nomination.objects.create(trainee=person, training_class=training_class, agency=person.agency, status=status)


def certified_class(snv: Agency | None = None, *, people=("Trần Thị Bình", "Lê Văn Cường", "Hoàng Thị An"), **kw):
    snv = snv or department()
    training_class = TrainingClassFactory(
        title="Bồi dưỡng kỹ năng quản lý nhà nước",
        start_date=kw.pop("start", START),
        end_date=kw.pop("end", END),
        periods=40,
        organiser=snv,
        status="finished",
        **kw,
    )
    certification = services.class_certify(
        training_class=training_class, issuing_agency=snv, kind=CertificateKind.ATTESTATION
    )
    world = CertifiedClass(snv, training_class, certification)
    for name in people:
        world.completed.append(nominate(training_class, name, NominationStatus.COMPLETED))
    world.completed.sort(key=lambda nomination: nomination.trainee.full_name)
    world.failed = nominate(training_class, "Vi Văn Đạt", NominationStatus.FAILED)
    world.attended = nominate(training_class, "Đỗ Thị Em", NominationStatus.ATTENDED)
    return world


def give_result(nomination: Nomination, **values) -> Result:
    return Result.objects.create(nomination=nomination, **values)
