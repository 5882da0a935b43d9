"""Demo data: the province of Lạng Sơn as it was in 2024–2026, for trying the product out.

This module is the only place in the code base that names a real province: every agency,
category, partner and number below is data, loaded by `manage.py load_demo`.

What it reproduces comes from the source documents (see DESIGN.md, "Facts from the seeds"):
the 2025 plan of UBND tỉnh Lạng Sơn (postgraduate 55 seats; refresher 75 classes / 10,635
seats, of which domestic 74 / 10,625 and overseas 1 / 10), its legal bases and duties, the
LOGODI letter of May 2023 and the history of cooperation with LOGODI and KOICA.

Everything is deterministic: fixed dates (never today's date) and `random.Random(SEED)`.
The load is idempotent: rows are matched on their natural keys and saved only when something
differs, and nominations already present are skipped, so a second run changes nothing.
Seat allotments and nominations go through `courses.services`, which keep the seat counters.
"""

import datetime
import math
import random
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from courses import services as course_services
from courses.models import (
    CivilServiceRank,
    ClassMode,
    ClassStatus,
    Course,
    Gender,
    LeadershipLevel,
    Nomination,
    NominationStatus,
    PoliticalTheoryLevel,
    SeatAllotment,
    Trainee,
    TrainingClass,
)
from partners.models import (
    Agreement,
    AgreementArea,
    CooperationActivity,
    CooperationForm,
    Correspondence,
    CorrespondenceStatus,
    Direction,
    Partner,
    PartnerContact,
    PartnerKind,
)
from plans import services as plan_services
from plans.models import (
    Agency,
    AgencyKind,
    CategoryKind,
    ContentArea,
    FocalPoint,
    FundingSource,
    LegalDocument,
    PlanLegalBasis,
    PlanResponsibility,
    PlanStatus,
    PlanTarget,
    TargetGroup,
    TrainingCategory,
    TrainingPlan,
)

D = datetime.date
SEED = 20250101
# The day the demo is written for: the 2026 classes' fixed dates make their statuses
# meaningful around it. Only used to keep generated timestamps in the past.
DEMO_TODAY = D(2026, 11, 23)

ROOT = "LS-UBND"
REFORM_DAY = D(2025, 3, 1)  # departments merged (2025 reform of the apparatus)
MERGED_UNTIL = D(2025, 2, 28)
DISTRICTS_UNTIL = D(2025, 6, 30)  # the district level was removed on 1 July 2025

STAFF_GROUP = "Chuyên viên Sở Nội vụ"
LEADER_GROUP = "Lãnh đạo"
STAFF_APPS = ("plans", "courses", "partners")
HISTORY_CREATED, HISTORY_CHANGED = "+", "~"
HISTORY_REASON = "Dữ liệu mẫu (manage.py load_demo)"


# --- reference data ----------------------------------------------------------------------------

TARGET_GROUPS = (  # code, name (plan 2025, section II)
    (
        "cbcc-dang-doan-the",
        "Cán bộ, công chức trong các cơ quan của Đảng, Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội "
        "của tỉnh",
    ),
    (
        "cbcc-hanh-chinh",
        "Cán bộ, công chức trong các cơ quan hành chính nhà nước thuộc UBND tỉnh; UBND các huyện, thành phố Lạng Sơn",
    ),
    (
        "cbcc-cap-xa",
        "Cán bộ, công chức cấp xã; người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố",
    ),
    ("vien-chuc", "Viên chức trong đơn vị sự nghiệp công lập"),
)
TG_PARTY, TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE = (code for code, _ in TARGET_GROUPS)

FUNDING_SOURCES = (  # code, name, description
    (
        "nsnn-tinh",
        "Ngân sách nhà nước cấp tỉnh",
        "Kinh phí đào tạo, bồi dưỡng cán bộ, công chức từ nguồn ngân sách nhà nước theo phân cấp ngân sách hiện hành.",
    ),
    (
        "nsnn-huyen",
        "Ngân sách nhà nước cấp huyện",
        "Kinh phí đào tạo, bồi dưỡng cán bộ, công chức từ nguồn ngân sách nhà nước theo phân cấp ngân sách hiện hành.",
    ),
    (
        "ctmtqg",
        "Chương trình mục tiêu quốc gia",
        "Nguồn kinh phí Chương trình mục tiêu quốc gia do Trung ương phân bổ.",
    ),
    (
        "nguon-hop-phap-khac",
        "Các nguồn kinh phí hợp pháp khác",
        "Các nguồn kinh phí hợp pháp khác theo quy định của pháp luật.",
    ),
    (
        "tai-tro-nuoc-ngoai",
        "Tài trợ của tổ chức nước ngoài",
        "Kinh phí do tổ chức nước ngoài tài trợ, ví dụ Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA).",
    ),
)

_LLCT, _QPAN, _QLNN, _VTVL, _CDS = (
    "ly-luan-chinh-tri",
    "quoc-phong-an-ninh",
    "quan-ly-nha-nuoc",
    "vi-tri-viec-lam",
    "khcn-cds",
)
CONTENT_AREAS = (  # Nghị định 171/2025/NĐ-CP, Điều 14
    (_LLCT, "Lý luận chính trị"),
    (_QPAN, "Kiến thức quốc phòng và an ninh"),
    (_QLNN, "Kiến thức quản lý nhà nước"),
    (_VTVL, "Kiến thức, kỹ năng theo yêu cầu vị trí việc làm"),
    (_CDS, "Kiến thức về khoa học, công nghệ, đổi mới sáng tạo và kỹ năng số"),
)

RANKS = (  # code, name, order (lower is more senior)
    ("01.001", "Chuyên viên cao cấp", 1),
    ("01.002", "Chuyên viên chính", 2),
    ("01.003", "Chuyên viên", 3),
    ("01.004", "Cán sự", 4),
    ("01.005", "Nhân viên", 5),
    ("V.08.01.03", "Bác sĩ (hạng III)", 20),
    ("V.01.02.02", "Lưu trữ viên (hạng III)", 21),
)


@dataclass(frozen=True)
class LegalDocumentData:
    key: str
    number: str
    doc_type: str
    issued_on: datetime.date
    issuer: str
    title: str


LEGAL_DOCUMENTS = (
    LegalDocumentData(
        "nd-101-2017",
        "101/2017/NĐ-CP",
        "Nghị định",
        D(2017, 9, 1),
        "Chính phủ",
        "về đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
    ),
    LegalDocumentData(
        "nd-89-2021",
        "89/2021/NĐ-CP",
        "Nghị định",
        D(2021, 10, 18),
        "Chính phủ",
        "về sửa đổi bổ sung một số điều của Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, "
        "bồi dưỡng cán bộ, công chức, viên chức",
    ),
    LegalDocumentData(
        "nd-33-2023",
        "33/2023/NĐ-CP",
        "Nghị định",
        D(2023, 6, 10),
        "Chính phủ",
        "quy định về cán bộ, công chức cấp xã và người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố",
    ),
    LegalDocumentData(
        "qd-163-2016",
        "163/QĐ-TTg",
        "Quyết định",
        D(2016, 1, 25),
        "Thủ tướng Chính phủ",
        "phê duyệt Đề án đào tạo, bồi dưỡng cán bộ, công chức, viên chức giai đoạn 2016 - 2025",
    ),
    LegalDocumentData(
        "qd-63-2018",
        "63/2018/QĐ-UBND",
        "Quyết định",
        D(2018, 12, 10),
        "UBND tỉnh Lạng Sơn",
        "ban hành Quy chế đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
    ),
    LegalDocumentData(
        "qd-26-2018",
        "26/2018/QĐ-UBND",
        "Quyết định",
        D(2018, 2, 23),
        "UBND tỉnh Lạng Sơn",
        "quy định tiêu chuẩn cán bộ, công chức lãnh đạo, quản lý tham gia giảng dạy các chương trình đào tạo, "
        "bồi dưỡng đối với cán bộ, công chức, viên chức",
    ),
    LegalDocumentData(
        "qd-135-2020",
        "135/QĐ-UBND",
        "Quyết định",
        D(2020, 1, 20),
        "UBND tỉnh Lạng Sơn",
        "ban hành Đề án “Đào tạo, bồi dưỡng trung hạn, ngắn hạn tại nước ngoài đối với cán bộ, công chức, viên chức "
        "giai đoạn 2020 - 2025, tầm nhìn đến 2030”",
    ),
    LegalDocumentData(
        "nd-171-2025",
        "171/2025/NĐ-CP",
        "Nghị định",
        D(2025, 6, 30),
        "Chính phủ",
        "quy định về đào tạo, bồi dưỡng công chức",
    ),
)


@dataclass(frozen=True)
class CategoryData:
    code: str
    name: str
    label: str
    order: int
    parent: str | None = None
    kind: str = CategoryKind.REFRESHER
    is_overseas: bool = False


CAT_POSTGRAD = "dao-tao-sau-dai-hoc"
CAT_A, CAT_B, CAT_C, CAT_D = "bd-tieu-chuan-ngach", "bd-truoc-bo-nhiem", "bd-vi-tri-viec-lam", "bd-khong-chuyen-trach"
CAT_OVERSEAS = "bd-nuoc-ngoai"

CATEGORIES = (
    CategoryData(CAT_POSTGRAD, "Đào tạo sau đại học", "1.", 10, kind=CategoryKind.DEGREE),
    CategoryData("boi-duong", "Bồi dưỡng", "2.", 20),
    CategoryData("bd-trong-nuoc", "Bồi dưỡng trong nước", "2.1", 30, parent="boi-duong"),
    CategoryData(CAT_A, "Bồi dưỡng theo tiêu chuẩn ngạch công chức", "a)", 31, parent="bd-trong-nuoc"),
    CategoryData(CAT_B, "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo, quản lý", "b)", 32, parent="bd-trong-nuoc"),
    CategoryData(
        CAT_C,
        "Bồi dưỡng theo yêu cầu của vị trí việc làm; bồi dưỡng kiến thức, kỹ năng chuyên ngành",
        "c)",
        33,
        parent="bd-trong-nuoc",
    ),
    CategoryData(
        CAT_D,
        "Bồi dưỡng người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố",
        "d)",
        34,
        parent="bd-trong-nuoc",
    ),
    CategoryData(CAT_OVERSEAS, "Bồi dưỡng tại nước ngoài", "2.2", 40, parent="boi-duong", is_overseas=True),
)
CLASS_LETTERS = {CAT_POSTGRAD: "SDH", CAT_A: "A", CAT_B: "B", CAT_C: "C", CAT_D: "D", CAT_OVERSEAS: "NN"}


# --- agencies ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyData:
    code: str
    name: str
    abbreviation: str
    kind: str
    parent: str | None = None
    place_name: str = "Lạng Sơn"
    headcount: int = 0
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    successor: str | None = None
    trainees: int = 0  # how many demo trainees work there
    senior_post: str = "Phó Giám đốc Sở"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


_DEPT = AgencyKind.DEPARTMENT
_MERGED = {"valid_to": MERGED_UNTIL, "trainees": 6}


def _department(code, name, abbreviation, headcount, trainees=10, **extra) -> AgencyData:
    return AgencyData(
        code, name, abbreviation, _DEPT, parent=ROOT, headcount=headcount, **{"trainees": trainees, **extra}
    )


def _district(code, name, place_name, headcount) -> AgencyData:
    return AgencyData(
        code,
        name,
        "UBND",
        AgencyKind.PEOPLES_COMMITTEE,
        parent=ROOT,
        place_name=place_name,
        headcount=headcount,
        valid_to=DISTRICTS_UNTIL,
        trainees=10,
    )


def _commune(code, name, place_name, parent, headcount) -> AgencyData:
    return AgencyData(
        code, name, "UBND", AgencyKind.COMMUNE, parent=parent, place_name=place_name, headcount=headcount, trainees=12
    )


# Parents and successors are listed before the agencies that point at them.
AGENCIES = (
    AgencyData(ROOT, "UBND tỉnh Lạng Sơn", "UBND", AgencyKind.PEOPLES_COMMITTEE, headcount=12),
    AgencyData(
        "LS-BTCTU",
        "Ban Tổ chức Tỉnh ủy",
        "BTCTU",
        AgencyKind.PARTY,
        headcount=32,
        trainees=8,
        senior_post="Phó Trưởng ban",
    ),
    AgencyData(
        "LS-MTTQ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn",
        "MTTQ",
        AgencyKind.PARTY,
        headcount=30,
        trainees=8,
        senior_post="Phó Chủ tịch",
    ),
    AgencyData(
        "LS-TCT",
        "Trường Chính trị Hoàng Văn Thụ",
        "TCT",
        AgencyKind.TRAINING_INSTITUTION,
        headcount=68,
        trainees=6,
        senior_post="Phó Hiệu trưởng",
    ),
    _department("LS-VPUBND", "Văn phòng UBND tỉnh", "VP", 78, senior_post="Phó Chánh Văn phòng"),
    _department("LS-SNV", "Sở Nội vụ", "SNV", 64),
    _department("LS-STC", "Sở Tài chính", "STC", 72),
    _department("LS-SNGV", "Sở Ngoại vụ", "SNgV", 26, trainees=8),
    _department("LS-STP", "Sở Tư pháp", "STP", 42, trainees=8),
    _department("LS-SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT", 66),
    _department("LS-SYT", "Sở Y tế", "SYT", 58),
    _department("LS-SCT", "Sở Công Thương", "SCT", 56, trainees=8),
    _department("LS-SXD", "Sở Xây dựng", "SXD", 48),
    _department("LS-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", 62, trainees=8),
    _department("LS-SKHCN", "Sở Khoa học và Công nghệ", "SKHCN", 36, trainees=8),
    _department("LS-TTT", "Thanh tra tỉnh", "TTr", 38, trainees=8, senior_post="Phó Chánh Thanh tra tỉnh"),
    _department("LS-SNNMT", "Sở Nông nghiệp và Môi trường", "SNNMT", 150, valid_from=REFORM_DAY),
    _department("LS-SDTTG", "Sở Dân tộc và Tôn giáo", "SDTTG", 32, trainees=6, valid_from=REFORM_DAY),
    _department("LS-SKHDT", "Sở Kế hoạch và Đầu tư", "SKHĐT", 54, successor="LS-STC", **_MERGED),
    _department("LS-SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH", 56, successor="LS-SNV", **_MERGED),
    _department("LS-STTTT", "Sở Thông tin và Truyền thông", "STTTT", 34, successor="LS-SKHCN", **_MERGED),
    _department("LS-SGTVT", "Sở Giao thông vận tải", "SGTVT", 52, successor="LS-SXD", **_MERGED),
    _department("LS-STNMT", "Sở Tài nguyên và Môi trường", "STNMT", 60, successor="LS-SNNMT", **_MERGED),
    _department("LS-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "SNN", 95, successor="LS-SNNMT", **_MERGED),
    _department("LS-BDT", "Ban Dân tộc", "BDT", 24, successor="LS-SDTTG", senior_post="Phó Trưởng ban", **_MERGED),
    AgencyData(
        "LS-BVDK",
        "Bệnh viện Đa khoa tỉnh Lạng Sơn",
        "BVĐK",
        AgencyKind.PUBLIC_SERVICE_UNIT,
        parent="LS-SYT",
        headcount=860,
        trainees=8,
    ),
    AgencyData(
        "LS-TTLT",
        "Trung tâm Lưu trữ lịch sử tỉnh Lạng Sơn",
        "TTLT",
        AgencyKind.PUBLIC_SERVICE_UNIT,
        parent="LS-SNV",
        headcount=16,
        trainees=5,
    ),
    _district("LS-TPLS", "UBND thành phố Lạng Sơn", "Lạng Sơn", 172),
    _district("LS-TRANGDINH", "UBND huyện Tràng Định", "Tràng Định", 138),
    _district("LS-VANLANG", "UBND huyện Văn Lãng", "Văn Lãng", 131),
    _district("LS-VANQUAN", "UBND huyện Văn Quan", "Văn Quan", 126),
    _district("LS-BINHGIA", "UBND huyện Bình Gia", "Bình Gia", 128),
    _district("LS-BACSON", "UBND huyện Bắc Sơn", "Bắc Sơn", 130),
    _district("LS-HUULUNG", "UBND huyện Hữu Lũng", "Hữu Lũng", 152),
    _district("LS-CHILANG", "UBND huyện Chi Lăng", "Chi Lăng", 134),
    _district("LS-CAOLOC", "UBND huyện Cao Lộc", "Cao Lộc", 147),
    _district("LS-LOCBINH", "UBND huyện Lộc Bình", "Lộc Bình", 145),
    _district("LS-DINHLAP", "UBND huyện Đình Lập", "Đình Lập", 118),
    _commune("LS-TPLS-MAIPHA", "UBND xã Mai Pha", "Mai Pha", "LS-TPLS", 21),
    _commune("LS-CAOLOC-DONGDANG", "UBND thị trấn Đồng Đăng", "Đồng Đăng", "LS-CAOLOC", 23),
    _commune("LS-HUULUNG-HUULIEN", "UBND xã Hữu Liên", "Hữu Liên", "LS-HUULUNG", 20),
    _commune("LS-VANLANG-NASAM", "UBND thị trấn Na Sầm", "Na Sầm", "LS-VANLANG", 22),
    _commune("LS-BACSON-BACSON", "UBND thị trấn Bắc Sơn", "Bắc Sơn", "LS-BACSON", 22),
    _commune("LS-DINHLAP-DINHLAP", "UBND thị trấn Đình Lập", "Đình Lập", "LS-DINHLAP", 21),
    _commune("LS-TRANGDINH-THATKHE", "UBND thị trấn Thất Khê", "Thất Khê", "LS-TRANGDINH", 22),
    _commune("LS-VANQUAN-VANQUAN", "UBND thị trấn Văn Quan", "Văn Quan", "LS-VANQUAN", 21),
    _commune("LS-BINHGIA-BINHGIA", "UBND thị trấn Bình Gia", "Bình Gia", "LS-BINHGIA", 21),
    _commune("LS-CHILANG-DONGMO", "UBND thị trấn Đồng Mỏ", "Đồng Mỏ", "LS-CHILANG", 21),
    _commune("LS-LOCBINH-NADUONG", "UBND thị trấn Na Dương", "Na Dương", "LS-LOCBINH", 22),
)
AGENCY_BY_CODE = {agency.code: agency for agency in AGENCIES}


def successor_on(code: str, day: datetime.date) -> str:
    """The agency that does `code`'s job on `day`: itself, or what it was merged into."""
    agency = AGENCY_BY_CODE[code]
    while not agency.is_valid_on(day) and agency.successor:
        agency = AGENCY_BY_CODE[agency.successor]
    return agency.code


# --- partners, agreements, history, correspondence ---------------------------------------------


@dataclass(frozen=True)
class PartnerData:
    code: str
    name: str
    name_vi: str
    abbreviation: str
    kind: str
    country: str
    is_foreign: bool = True
    parent: str | None = None
    website: str = ""
    notes: str = ""


PARTNERS = (
    PartnerData(
        "mois-korea",
        "Ministry of the Interior and Safety",
        "Bộ Nội vụ và An toàn Hàn Quốc",
        "MOIS",
        PartnerKind.MINISTRY,
        "Hàn Quốc",
        website="https://www.mois.go.kr",
    ),
    PartnerData(
        "logodi",
        "Local Government Officials Development Institute",
        "Viện Phát triển cán bộ chính quyền địa phương",
        "LOGODI",
        PartnerKind.TRAINING_INSTITUTE,
        "Hàn Quốc",
        parent="mois-korea",
        website="https://www.logodi.go.kr",
        notes="Cơ sở đào tạo thuộc Bộ Nội vụ và An toàn Hàn Quốc; đã triển khai chương trình nâng cao năng lực cho "
        "cán bộ tỉnh Lạng Sơn giai đoạn 2014 - 2016 và khóa bồi dưỡng năm 2019 tại thành phố Lạng Sơn.",
    ),
    PartnerData(
        "koica",
        "Korea International Cooperation Agency",
        "Cơ quan Hợp tác quốc tế Hàn Quốc",
        "KOICA",
        PartnerKind.DONOR,
        "Hàn Quốc",
        website="https://www.koica.go.kr",
    ),
    PartnerData(
        "csc-singapore",
        "Civil Service College",
        "Trường Công vụ Xinh-ga-po",
        "CSC",
        PartnerKind.TRAINING_INSTITUTE,
        "Xinh-ga-po",
        website="https://www.csc.gov.sg",
    ),
    PartnerData(
        "napa",
        "Học viện Hành chính Quốc gia",
        "Học viện Hành chính Quốc gia",
        "NAPA",
        PartnerKind.TRAINING_INSTITUTE,
        "Việt Nam",
        is_foreign=False,
        website="https://www.napa.vn",
    ),
    PartnerData(
        "asean-cstn",
        "Network of ASEAN civil service training institutes",
        "Mạng lưới các cơ sở đào tạo công vụ ASEAN",
        "",
        PartnerKind.NETWORK,
        "ASEAN",
    ),
)

PARTNER_CONTACTS = (  # partner, name, title (seed 002)
    ("csc-singapore", "Ong Toon Hui", "Hiệu trưởng, Giám đốc Điều hành Trường Công vụ Xinh-ga-po"),
    ("csc-singapore", "Roger Tan", "Phó Giám đốc Điều hành, phụ trách hợp tác quốc tế"),
)


@dataclass(frozen=True)
class AgreementData:
    partner: str
    title: str
    scope: str
    areas: tuple[str, ...]
    counterpart_agency: str | None = None
    counterpart_partner: str | None = None
    signed_on: datetime.date | None = None
    valid_from: datetime.date | None = None
    form_abroad: bool = False
    form_in_province: bool = False
    form_online: bool = False


NAPA_CSC_TITLE = (
    "Hợp tác trong đào tạo, bồi dưỡng lãnh đạo, quản lý giữa Học viện Hành chính Quốc gia và Trường Công vụ Xinh-ga-po"
)
LOGODI_AGREEMENT_TITLE = (
    "Hợp tác đào tạo, xây dựng năng lực cho cán bộ tỉnh Lạng Sơn với Viện Phát triển cán bộ chính quyền địa phương "
    "(LOGODI), Hàn Quốc"
)

AGREEMENTS = (
    AgreementData(
        partner="csc-singapore",
        counterpart_partner="napa",
        title=NAPA_CSC_TITLE,
        signed_on=D(2023, 8, 22),
        valid_from=D(2023, 8, 22),
        form_abroad=True,
        form_online=True,
        scope=(
            "Ngày 22/8/2023, tại buổi làm việc giữa đoàn công tác của Bộ Nội vụ và Học viện Hành chính Quốc gia với "
            "Trường Công vụ Xinh-ga-po, hai bên nhất trí tiếp tục triển khai các hoạt động hợp tác trong đào tạo, "
            "bồi dưỡng lãnh đạo, quản lý: bồi dưỡng tại nước ngoài và bồi dưỡng kết hợp trong và ngoài nước, "
            "kinh nghiệm phát triển đào tạo trực tuyến."
        ),
        areas=(
            "Phối hợp triển khai các hoạt động hợp tác trong khuôn khổ các chương trình hoạt động của Mạng lưới các "
            "cơ sở đào tạo công vụ ASEAN, góp phần nâng cao năng lực cán bộ công chức các quốc gia khu vực ASEAN nói "
            "chung, Việt Nam và Xinh-ga-po nói riêng",
            "Phối hợp xây dựng chương trình và tổ chức các khóa bồi dưỡng tại nước ngoài, và bồi dưỡng kết hợp trong "
            "và ngoài nước dành cho công chức lãnh đạo, quản lý trung ương và địa phương, đặc biệt là công chức nguồn "
            "lãnh đạo cấp tỉnh của Việt Nam trong các lĩnh vực thuộc thế mạnh của Xinh-ga-po",
            "Phối hợp xây dựng các dự án hợp tác quốc tế, như phối hợp xây dựng và thực hiện các nghiên cứu chung về "
            "nhu cầu nâng cao năng lực của công chức lãnh đạo quản lý, làm cơ sở để xây dựng các chương trình bồi "
            "dưỡng quốc tế chất lượng cao, gắn với nhu cầu thực tế của học viên",
            "Trường Công vụ Xinh-ga-po hỗ trợ Học viện phát triển năng lực viên chức, giảng viên Học viện Hành chính "
            "Quốc gia trong xây dựng chương trình bồi dưỡng quốc tế chất lượng cao dành cho các nhà lãnh đạo quản lý",
        ),
    ),
    AgreementData(
        partner="logodi",
        counterpart_agency=ROOT,
        title=LOGODI_AGREEMENT_TITLE,
        form_abroad=True,
        form_in_province=True,
        form_online=True,
        scope=(
            "Hợp tác tổ chức các khóa đào tạo nâng cao năng lực cán bộ tỉnh Lạng Sơn về phát triển bền vững và quản "
            "trị hiệu quả dưới nhiều hình thức (trực tiếp tại Hàn Quốc và Lạng Sơn, trực tuyến). Các điều kiện đảm "
            "bảo do hai bên cùng thực hiện; nội dung đào tạo do tỉnh Lạng Sơn căn cứ nhu cầu đề xuất."
        ),
        areas=(
            "Khóa đào tạo ngắn hạn trực tiếp tại Hàn Quốc",
            "Khóa bồi dưỡng trực tiếp tại tỉnh Lạng Sơn",
            "Khóa đào tạo trực tuyến; nội dung do tỉnh Lạng Sơn đề xuất theo nhu cầu",
        ),
    ),
)


@dataclass(frozen=True)
class ActivityData:
    partner: str
    title: str
    year_from: int
    year_to: int
    form: str
    location: str
    courses_count: int
    participants_count: int
    funder: str | None = None
    notes: str = ""


ACTIVITY_2014 = "Nâng cao năng lực cho cán bộ tỉnh Lạng Sơn giai đoạn 2014 - 2016"
ACTIVITY_2019 = "Khóa bồi dưỡng cho cán bộ tỉnh Lạng Sơn năm 2019"
ACTIVITY_2024 = "Khóa đào tạo trực tuyến về xây dựng năng lực cho cán bộ tỉnh Lạng Sơn năm 2024"
ACTIVITIES = (
    ActivityData(
        "logodi",
        ACTIVITY_2014,
        2014,
        2016,
        CooperationForm.ABROAD,
        "Hàn Quốc",
        3,
        70,
        funder="koica",
        notes="03 khóa đào tạo ngắn hạn tại Hàn Quốc cho 70 cán bộ của tỉnh do Cơ quan Hợp tác quốc tế Hàn Quốc "
        "(KOICA) tài trợ.",
    ),
    ActivityData(
        "logodi",
        ACTIVITY_2019,
        2019,
        2019,
        CooperationForm.IN_PROVINCE,
        "thành phố Lạng Sơn",
        1,
        80,
        notes="01 khóa bồi dưỡng cho 80 cán bộ của tỉnh tại thành phố Lạng Sơn.",
    ),
    ActivityData(
        "logodi",
        ACTIVITY_2024,
        2024,
        2024,
        CooperationForm.ONLINE,
        "Trực tuyến",
        0,
        0,
        notes="Đang trao đổi: LOGODI đề nghị tỉnh cân nhắc nhu cầu và khả năng hợp tác tổ chức khóa đào tạo trực "
        "tuyến (thư của Sở Ngoại vụ tháng 5/2023); nội dung đào tạo do tỉnh Lạng Sơn đề xuất.",
    ),
)

LETTER_SYMBOL = "SNgV-LSHTQT"
LETTER_DATED = D(2023, 5, 8)
LETTER_SUBJECT = (
    "đề nghị phối hợp đề xuất nhu cầu hợp tác đào tạo xây dựng năng lực cho cán bộ tỉnh trong khuôn khổ hợp tác với "
    "Viện Phát triển cán bộ chính quyền địa phương (LOGODI), Hàn Quốc"
)
LETTER_BODY = "\n\n".join(
    (
        "Trong khuôn khổ hợp tác giữa tỉnh Lạng Sơn và Viện Phát triển cán bộ chính quyền địa phương (LOGODI), thuộc "
        "Bộ Nội vụ và An toàn Hàn Quốc, Sở Ngoại vụ nhận được Thư công tác của LOGODI trao đổi về kế hoạch hợp tác tổ "
        "chức khóa đào tạo trực tuyến về xây dựng năng lực cho cán bộ tỉnh Lạng Sơn trong năm 2024.",
        "LOGODI hiện đang hợp tác với nhiều quốc gia tổ chức các khóa đào tạo nâng cao năng lực cán bộ về phát triển "
        "bền vững và quản trị hiệu quả trong các lĩnh vực. LOGODI cũng là cơ sở đào tạo đã triển khai chương trình "
        '"Nâng cao năng lực cho cán bộ tỉnh Lạng Sơn giai đoạn 2014 - 2016", trong đó đã tổ chức 03 khóa đào tạo '
        "ngắn hạn tại Hàn Quốc cho 70 cán bộ của tỉnh do Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA) tài trợ. Năm 2019, "
        "LOGODI đã hợp tác với tỉnh tổ chức 01 khóa bồi dưỡng cho 80 cán bộ của tỉnh tại thành phố Lạng Sơn.",
        "Để tiếp tục duy trì và phát triển quan hệ hợp tác giữa hai bên, làm cơ sở triển khai các chương trình hợp "
        "tác đào tạo cán bộ trong tương lai dưới nhiều hình thức (trực tiếp tại Hàn Quốc và Lạng Sơn, trực tuyến), "
        "LOGODI trao đổi và đề nghị tỉnh Lạng Sơn cân nhắc nhu cầu và khả năng hợp tác tổ chức khóa đào tạo trực "
        "tuyến cho cán bộ tỉnh Lạng Sơn. Các điều kiện đảm bảo do hai bên cùng thực hiện; nội dung đào tạo do tỉnh "
        "Lạng Sơn căn cứ nhu cầu đề xuất.",
        "Nhằm vận động thêm nguồn tài trợ của nước ngoài cho thực hiện nhiệm vụ đào tạo, bồi dưỡng cán bộ của tỉnh, "
        "học tập, chia sẻ kinh nghiệm phát triển của đất nước Hàn Quốc; đồng thời đảm bảo đề xuất nội dung chương "
        "trình đào tạo sát với nhu cầu thực tế của tỉnh, Sở Ngoại vụ đề nghị Sở Nội vụ phối hợp nghiên cứu, cho ý "
        "kiến về sự cần thiết, nhu cầu và khả năng hợp tác để tổ chức khóa đào tạo trực tuyến nêu trên; đồng thời gợi "
        "ý, đề xuất các lĩnh vực, chủ đề đào tạo cán bộ mà tỉnh Lạng Sơn đang quan tâm, có nhu cầu.",
        "Do thời hạn phải trả lời phía bạn đã gấp, Sở Ngoại vụ đề nghị Sở Nội vụ gửi ý kiến cho Sở Ngoại vụ chậm "
        "nhất trong ngày 16/5/2023. Sở Ngoại vụ rất mong nhận được sự quan tâm, phối hợp của Quý cơ quan./.",
    )
)
LETTER_COPIES_TO = "\n".join(("Như trên;", "UBND tỉnh (b/c);", "Lãnh đạo Sở;", "Phòng LSHTQT;", "Lưu: VT."))


# --- the plans ---------------------------------------------------------------------------------

PLAN_2025_TITLE = "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Lạng Sơn năm 2025"
PLAN_2026_TITLE = "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Lạng Sơn năm 2026"

PURPOSES_2025 = "\n\n".join(
    (
        "Đào tạo, bồi dưỡng nhằm trang bị kiến thức, nâng cao năng lực, trình độ chuyên môn, phẩm chất chính trị, "
        "phương pháp làm việc khoa học, hiệu quả cho đội ngũ cán bộ, công chức, viên chức, góp phần xây dựng đội ngũ "
        "cán bộ, công chức, viên chức chuyên nghiệp, có phẩm chất đạo đức tốt, có bản lĩnh chính trị và năng lực đáp "
        "ứng yêu cầu phục vụ người dân, doanh nghiệp và sự nghiệp phát triển của tỉnh.",
        "Đào tạo, bồi dưỡng gắn với công tác quy hoạch cán bộ nhằm đáp ứng được đầy đủ các điều kiện, tiêu chuẩn theo "
        "quy định, phục vụ công tác quy hoạch, điều động, luân chuyển, bầu cử, bổ nhiệm cán bộ lãnh đạo, quản lý các "
        "cấp của tỉnh.",
    )
)
REQUIREMENTS_2025 = "\n\n".join(
    (
        "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức trên địa bàn tỉnh phải bảo đảm đúng đối tượng, nội dung phù "
        "hợp đáp ứng yêu cầu vị trí việc làm của cán bộ, công chức, viên chức và tuân thủ Quy chế đào tạo, bồi dưỡng "
        "cán bộ, công chức, viên chức đã được UBND tỉnh ban hành tại Quyết định số 63/2018/QĐ-UBND ngày 10/12/2018.",
        "Việc quản lý, sử dụng kinh phí đào tạo, bồi dưỡng phải bảo đảm tiết kiệm, hiệu quả, tuân thủ đúng quy định "
        "pháp luật (kể cả các nguồn kinh phí từ chương trình, đề án của các cơ quan Trung ương và các nguồn kinh phí "
        "khác ngoài dự toán ngân sách nhà nước được giao).",
    )
)

DUTIES_SNV = "\n".join(
    (
        "1.1. Chủ trì, phối hợp với các cơ quan, đơn vị và các cơ sở đào tạo tổ chức triển khai Kế hoạch đào tạo, bồi "
        "dưỡng cán bộ, công chức, viên chức năm 2025 đảm bảo chất lượng, tiến độ và hiệu quả.",
        "1.2. Chủ trì, phối hợp với các cơ quan, đơn vị liên quan xây dựng dự toán chi tiết thực hiện từng nội dung, "
        "nhiệm vụ kế hoạch, gửi Sở Tài chính thẩm định, báo cáo UBND tỉnh trình HĐND tỉnh quyết định phân bổ, giao "
        "dự toán kinh phí để triển khai thực hiện.",
        "1.3. Chủ trì, phối hợp với Sở Tài chính, Ban Tổ chức Tỉnh ủy và các cơ quan liên quan:",
        "- Hướng dẫn triển khai kế hoạch đào tạo, bồi dưỡng năm 2025.",
        "- Điều chỉnh, bổ sung nội dung, chương trình và điều chỉnh, bổ sung dự toán kinh phí đào tạo, bồi dưỡng theo "
        "quy định phù hợp với tình hình thực tế.",
        "1.4. Tổ chức thực hiện công tác thanh tra, kiểm tra đối với công tác đào tạo, bồi dưỡng trên địa bàn tỉnh; "
        "đánh giá kết quả đào tạo, bồi dưỡng theo hướng dẫn của Bộ Nội vụ, tổng hợp và báo cáo kết quả công tác đào "
        "tạo, bồi dưỡng theo quy định. Tổng hợp, tham mưu UBND tỉnh xem xét, điều chỉnh, bổ sung kế hoạch đào tạo, "
        "bồi dưỡng (nếu có phát sinh).",
    )
)
DUTIES_STC = "\n".join(
    (
        "2.1. Thẩm định dự toán kinh phí đào tạo, bồi dưỡng, báo cáo UBND tỉnh trình HĐND tỉnh quyết định phân bổ, "
        "giao dự toán kinh phí cho các cơ quan, đơn vị tổ chức triển khai thực hiện.",
        "2.2. Chủ trì, phối hợp với Sở Nội vụ tham mưu cho UBND tỉnh điều chỉnh kinh phí thực hiện công tác đào tạo, "
        "bồi dưỡng theo quy định, phù hợp với yêu cầu, tình hình thực tiễn của tỉnh.",
        "2.3. Hướng dẫn, kiểm tra công tác quản lý, sử dụng và quyết toán kinh phí đào tạo, bồi dưỡng của các cơ "
        "quan, đơn vị theo quy định của pháp luật.",
    )
)
DUTIES_SNGV = "\n".join(
    (
        "3.1. Phối hợp với Sở Nội vụ trong việc tổ chức khóa bồi dưỡng tại nước ngoài cho cán bộ, công chức, viên "
        "chức của tỉnh.",
        "3.2. Hướng dẫn việc thực hiện các thủ tục xuất, nhập cảnh đối với cán bộ, công chức, viên chức được cử đi "
        "đào tạo, bồi dưỡng tại nước ngoài.",
    )
)
DUTIES_OTHERS = "\n".join(
    (
        "4.1. Xây dựng chương trình, kế hoạch tổ chức các nội dung, nhiệm vụ của kế hoạch đào tạo, bồi dưỡng năm "
        "2025 tại cơ quan, đơn vị bảo đảm chỉ tiêu, chất lượng, hiệu quả theo quy định.",
        "4.2. Đối với các nội dung bồi dưỡng sử dụng nguồn kinh phí của Trung ương, của tỉnh theo Chương trình, Đề "
        "án, Dự án ... đã được phê duyệt, các cơ quan, đơn vị chủ động xây dựng Kế hoạch trình cấp có thẩm quyền ban "
        "hành hoặc quyết định ban hành để tổ chức thực hiện đảm bảo theo quy định.",
        "4.3. Quyết định hoặc tham mưu, trình cấp có thẩm quyền xem xét cử cán bộ, công chức, viên chức tham gia các "
        "khóa đào tạo, bồi dưỡng theo phân cấp, đảm bảo đúng đối tượng, phù hợp với quy hoạch, kế hoạch; phối hợp các "
        "cơ sở đào tạo hoặc cơ quan chủ trì tổ chức các lớp đào tạo, bồi dưỡng trong việc quản lý cán bộ, công chức, "
        "viên chức trong thời gian tham gia các khóa học; gắn việc đánh giá, phân loại cán bộ, công chức, viên chức "
        "với kết quả thực hiện nhiệm vụ đào tạo, bồi dưỡng.",
        "4.4. Tăng cường công tác quán triệt, tuyên truyền đối với cán bộ, công chức, viên chức thuộc quyền quản lý "
        "về việc thực hiện tốt quy chế đào tạo, bồi dưỡng của tỉnh; quan tâm bố trí, tạo điều kiện để cán bộ, công "
        "chức, viên chức chủ động, tích cực đăng ký tham gia các chương trình đào tạo, bồi dưỡng học ngoài giờ hành "
        "chính, tự túc kinh phí để nâng cao trình độ chuyên môn, năng lực công tác.",
        "4.5. Thủ trưởng các cơ quan, đơn vị phân công, cử cán bộ, công chức lãnh đạo, quản lý thuộc thẩm quyền quản "
        "lý, sử dụng đảm bảo đáp ứng tiêu chuẩn theo Quyết định số 26/2018/QĐ-UBND ngày 23/02/2018 của UBND tỉnh để "
        "tham gia giảng dạy các chương trình đào tạo, bồi dưỡng đối với cán bộ, công chức, viên chức.",
        "4.6. Báo cáo UBND tỉnh (thông qua Sở Nội vụ):",
        "- Kết quả tổ chức các khóa đào tạo, bồi dưỡng theo nhiệm vụ, kế hoạch đào tạo, bồi dưỡng của cơ quan, đơn "
        "vị (từ nguồn ngân sách nhà nước được cấp năm 2025 và các nguồn kinh phí khác).",
        "- Kết quả cử cán bộ, công chức, viên chức tham gia đào tạo, bồi dưỡng trong năm.",
    )
)
DUTIES_TCT = "\n".join(
    (
        "5.1. Phối hợp với Sở Nội vụ tổ chức thực hiện tốt kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức "
        "năm 2025.",
        "5.2. Xây dựng kế hoạch phát triển đội ngũ giảng viên có năng lực, trình độ, cơ cấu hợp lý đáp ứng yêu cầu Đề "
        "án xây dựng Trường Chính trị đạt chuẩn giai đoạn 2023 - 2031.",
        "5.3. Tăng cường phối hợp với các cơ sở đào tạo của Trung ương có uy tín, mời các giảng viên có trình độ cao, "
        "chuyên sâu hoặc mời đội ngũ cán bộ lãnh đạo, quản lý của tỉnh tham gia giảng dạy các chương trình bồi dưỡng "
        "cán bộ, công chức, viên chức do đơn vị chủ trì tổ chức mở lớp để nâng cao, chất lượng, hiệu quả các khóa "
        "học.",
    )
)


@dataclass(frozen=True)
class PlanData:
    year: int
    title: str
    issued_on: datetime.date
    purposes: str
    requirements: str
    legal_bases: tuple[tuple[str, str], ...]  # (legal document key, role)
    target_groups: tuple[str, ...]
    funding_sources: tuple[str, ...]
    responsibilities: tuple[tuple[str | None, str, str], ...]  # (agency code, heading, duties)
    # category -> (planned classes, planned seats); for 2025 the seed's numbers, for 2026 the demo classes'.
    targets: dict[str, tuple[int, int]]
    signer_name: str = ""
    signer_authority: str = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    signer_title: str = "PHÓ CHỦ TỊCH"
    document_symbol: str = "KH-UBND"


BASIS, REFERENCE = PlanLegalBasis.Role.BASIS, PlanLegalBasis.Role.REFERENCE
OTHERS_HEADING_2025 = "Các sở, ban, ngành, UBND các huyện, thành phố Lạng Sơn"

PLAN_2025 = PlanData(
    year=2025,
    title=PLAN_2025_TITLE,
    issued_on=D(2024, 9, 27),
    purposes=PURPOSES_2025,
    requirements=REQUIREMENTS_2025,
    legal_bases=(
        ("nd-101-2017", BASIS),
        ("nd-89-2021", BASIS),
        ("nd-33-2023", BASIS),
        ("qd-163-2016", BASIS),
        ("qd-63-2018", REFERENCE),
        ("qd-135-2020", REFERENCE),
        ("qd-26-2018", REFERENCE),
    ),
    target_groups=(TG_PARTY, TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE),
    funding_sources=("nsnn-tinh", "nsnn-huyen", "ctmtqg", "nguon-hop-phap-khac"),
    responsibilities=(
        ("LS-SNV", "", DUTIES_SNV),
        ("LS-STC", "", DUTIES_STC),
        ("LS-SNGV", "", DUTIES_SNGV),
        (None, OTHERS_HEADING_2025, DUTIES_OTHERS),
        ("LS-TCT", "", DUTIES_TCT),
    ),
    targets={
        CAT_POSTGRAD: (0, 55),
        CAT_A: (12, 1_150),
        CAT_B: (6, 420),
        CAT_C: (38, 5_455),
        CAT_D: (18, 3_600),
        CAT_OVERSEAS: (1, 10),
    },
    signer_name="Dương Xuân Huyền",
)


def _for_2026(text: str) -> str:
    return text.replace("năm 2025", "năm 2026")


# A smaller, invented plan for 2026 (after the 2025 reform: no district level, no kind (d)).
# Its signer's name is left blank: the demo does not attribute an invented document to a real person.
PLAN_2026 = PlanData(
    year=2026,
    title=PLAN_2026_TITLE,
    issued_on=D(2025, 9, 26),
    purposes=PURPOSES_2025,
    requirements=REQUIREMENTS_2025,
    legal_bases=(("nd-171-2025", BASIS), ("nd-101-2017", BASIS), ("qd-63-2018", REFERENCE)),
    target_groups=(TG_PARTY, TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE),
    funding_sources=("nsnn-tinh", "ctmtqg", "nguon-hop-phap-khac"),
    responsibilities=(
        ("LS-SNV", "", _for_2026(DUTIES_SNV)),
        ("LS-STC", "", DUTIES_STC),
        (None, "Các sở, ban, ngành, UBND các xã, phường", _for_2026(DUTIES_OTHERS)),
        ("LS-TCT", "", _for_2026(DUTIES_TCT)),
    ),
    targets={
        CAT_POSTGRAD: (0, 30),
        CAT_A: (3, 300),
        CAT_B: (2, 140),
        CAT_C: (4, 600),
        CAT_OVERSEAS: (1, 12),
    },
)
PLANS = (PLAN_2025, PLAN_2026)


# --- courses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseData:
    code: str
    title: str
    category: str
    content_areas: tuple[str, ...]
    duration_days: int
    description: str = ""
    eligible: frozenset = frozenset({"civil", "leader", "commune", "employee"})  # trainee profiles
    target_groups: tuple[str, ...] = (TG_PARTY, TG_ADMIN)
    per_seat_day: int = 150_000  # VND, for the budget estimate


_ALL_GROUPS = (TG_PARTY, TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE)

COURSES = (
    CourseData(
        "BD-CV",
        "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên",
        CAT_A,
        (_QLNN, _VTVL),
        35,
        "Chương trình bồi dưỡng theo tiêu chuẩn ngạch chuyên viên và tương đương.",
        eligible=frozenset({"civil", "commune"}),
        target_groups=(TG_PARTY, TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-CVC",
        "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên chính",
        CAT_A,
        (_QLNN, _VTVL),
        42,
        "Chương trình bồi dưỡng theo tiêu chuẩn ngạch chuyên viên chính và tương đương.",
        eligible=frozenset({"civil", "leader"}),
    ),
    CourseData(
        "BD-LDP",
        "Bồi dưỡng lãnh đạo, quản lý cấp phòng",
        CAT_B,
        (_QLNN, _LLCT),
        21,
        "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo, quản lý cấp phòng và tương đương.",
        eligible=frozenset({"civil", "leader"}),
        target_groups=(TG_PARTY, TG_ADMIN, TG_EMPLOYEE),
    ),
    CourseData(
        "BD-LDS",
        "Bồi dưỡng lãnh đạo, quản lý cấp sở và tương đương",
        CAT_B,
        (_QLNN, _LLCT),
        14,
        eligible=frozenset({"leader"}),
        per_seat_day=300_000,
    ),
    CourseData(
        "BD-CDS",
        "Bồi dưỡng kỹ năng chuyển đổi số cho cán bộ, công chức, viên chức",
        CAT_C,
        (_CDS,),
        3,
        target_groups=_ALL_GROUPS,
        per_seat_day=60_000,
    ),
    CourseData("BD-VTLT", "Bồi dưỡng nghiệp vụ văn thư, lưu trữ", CAT_C, (_VTVL,), 5, target_groups=_ALL_GROUPS),
    CourseData(
        "BD-QPAN",
        "Bồi dưỡng kiến thức quốc phòng và an ninh",
        CAT_C,
        (_QPAN,),
        5,
        target_groups=(TG_PARTY, TG_ADMIN, TG_EMPLOYEE),
    ),
    CourseData(
        "BD-HNQT",
        "Bồi dưỡng kiến thức, kỹ năng hội nhập quốc tế",
        CAT_C,
        (_VTVL,),
        4,
        eligible=frozenset({"civil", "leader"}),
    ),
    CourseData(
        "BD-TCD",
        "Bồi dưỡng nghiệp vụ tiếp công dân, giải quyết khiếu nại, tố cáo",
        CAT_C,
        (_VTVL, _QLNN),
        3,
        target_groups=(TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-CCHC",
        "Bồi dưỡng nghiệp vụ cải cách hành chính, kiểm soát thủ tục hành chính",
        CAT_C,
        (_QLNN, _CDS),
        3,
        target_groups=(TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-TCKT",
        "Bồi dưỡng nghiệp vụ quản lý tài chính, kế toán",
        CAT_C,
        (_VTVL,),
        4,
        target_groups=(TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE),
    ),
    CourseData(
        "BD-KTDT",
        "Bồi dưỡng kiến thức dân tộc",
        CAT_C,
        (_VTVL, _QLNN),
        4,
        "Bồi dưỡng kiến thức dân tộc cho cán bộ, công chức, viên chức (nguồn Chương trình mục tiêu quốc gia).",
        target_groups=_ALL_GROUPS,
    ),
    CourseData(
        "BD-PBPL",
        "Bồi dưỡng nghiệp vụ phổ biến, giáo dục pháp luật và hộ tịch",
        CAT_C,
        (_VTVL,),
        3,
        target_groups=(TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-NTM",
        "Bồi dưỡng kiến thức xây dựng nông thôn mới",
        CAT_C,
        (_VTVL,),
        4,
        target_groups=(TG_ADMIN, TG_COMMUNE),
    ),
    CourseData(
        "BD-DDCV",
        "Bồi dưỡng đạo đức công vụ, văn hóa công sở",
        CAT_C,
        (_QLNN,),
        2,
        target_groups=_ALL_GROUPS,
    ),
    CourseData(
        "BD-KCT",
        "Bồi dưỡng kiến thức, kỹ năng cho người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố",
        CAT_D,
        (_VTVL, _QLNN),
        5,
        eligible=frozenset({"nonpro"}),
        target_groups=(TG_COMMUNE,),
        per_seat_day=100_000,
    ),
    CourseData(
        "BD-NN-HQ",
        "Bồi dưỡng kinh nghiệm quản trị địa phương và phát triển bền vững tại Hàn Quốc",
        CAT_OVERSEAS,
        (_QLNN, _CDS),
        14,
        "Khóa bồi dưỡng ngắn hạn tại nước ngoài theo Đề án ban hành kèm theo Quyết định số 135/QĐ-UBND.",
        eligible=frozenset({"civil", "leader"}),
        target_groups=(TG_PARTY, TG_ADMIN, TG_EMPLOYEE),
        per_seat_day=6_500_000,
    ),
    CourseData(
        "DT-THS",
        "Đào tạo trình độ thạc sĩ",
        CAT_POSTGRAD,
        (_VTVL,),
        0,
        "Cử cán bộ, công chức, viên chức đi đào tạo trình độ thạc sĩ tại các cơ sở đào tạo trong nước.",
        eligible=frozenset({"civil", "leader", "employee"}),
        target_groups=_ALL_GROUPS,
    ),
)
COURSE_BY_CODE = {course.code: course for course in COURSES}


# --- trainees ----------------------------------------------------------------------------------

FAMILY_NAMES = (
    "Nguyễn", "Hoàng", "Lương", "Vi", "Nông", "Lăng", "Hà", "Chu", "Lộc", "Mông", "Triệu", "Đinh", "Lý", "Trần",
    "Lê", "Phạm", "Vũ", "Đặng", "Bế", "Hứa", "Dương", "Hoàng", "Nguyễn", "Nông", "Lương",
)  # fmt: skip
MIDDLE_NAMES = {
    Gender.MALE: ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Tiến", "Thanh", "Xuân", "Công"),
    Gender.FEMALE: ("Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Phương", "Kim"),
}
GIVEN_NAMES = {
    Gender.MALE: (
        "Hùng", "Dũng", "Tuấn", "Cường", "Hải", "Long", "Quân", "Sơn", "Thắng", "Trung", "Nam", "Phong", "Khánh",
        "Đạt", "Hiếu", "Toàn", "Kiên", "Lâm", "Tùng", "Bình", "Chiến", "Hưng", "Tâm", "Vinh",
    ),
    Gender.FEMALE: (
        "Hương", "Lan", "Mai", "Hoa", "Huyền", "Thảo", "Trang", "Hằng", "Nhung", "Yến", "Linh", "Ngân", "Vân",
        "Dung", "Hà", "Giang", "Thủy", "Loan", "Phượng", "Quyên", "Hạnh", "Liên", "Oanh", "Tuyết",
    ),
}  # fmt: skip

_NONE, _DIV, _DEP = LeadershipLevel.NONE, LeadershipLevel.DIVISION, LeadershipLevel.DEPARTMENT

# (position, rank code, leadership level, profile, weight); profile decides which courses a person fits.
POSTS_DEPARTMENT = (
    ("Chuyên viên", "01.003", _NONE, "civil", 6),
    ("Chuyên viên chính", "01.002", _NONE, "civil", 2),
    ("Cán sự", "01.004", _NONE, "civil", 1),
    ("Phó Trưởng phòng", "01.003", _DIV, "leader", 1.5),
    ("Trưởng phòng", "01.002", _DIV, "leader", 1),
    ("{senior}", "01.002", _DEP, "leader", 0.4),
)
POSTS_DISTRICT = (
    ("Chuyên viên Phòng Nội vụ", "01.003", _NONE, "civil", 2),
    ("Chuyên viên Phòng Tài chính - Kế hoạch", "01.003", _NONE, "civil", 2),
    ("Chuyên viên Văn phòng HĐND và UBND", "01.003", _NONE, "civil", 2),
    ("Chuyên viên Phòng Tài nguyên và Môi trường", "01.003", _NONE, "civil", 1.5),
    ("Chuyên viên chính Phòng Tư pháp", "01.002", _NONE, "civil", 1),
    ("Phó Trưởng Phòng Văn hóa và Thông tin", "01.003", _DIV, "leader", 1),
    ("Trưởng Phòng Nội vụ", "01.002", _DIV, "leader", 0.7),
    ("Phó Chánh Văn phòng HĐND và UBND", "01.003", _DIV, "leader", 0.7),
)
POSTS_COMMUNE = (
    ("Công chức Văn phòng - Thống kê", "01.003", _NONE, "commune", 1),
    ("Công chức Tư pháp - Hộ tịch", "01.003", _NONE, "commune", 1),
    ("Công chức Địa chính - Xây dựng", "01.003", _NONE, "commune", 1),
    ("Công chức Tài chính - Kế toán", "01.004", _NONE, "commune", 1),
    ("Công chức Văn hóa - Xã hội", "01.003", _NONE, "commune", 1),
)
POSTS_NON_PROFESSIONAL = (
    ("Phó Chỉ huy trưởng Ban Chỉ huy Quân sự", None, _NONE, "nonpro", 1),
    ("Phó Chủ tịch Ủy ban Mặt trận Tổ quốc", None, _NONE, "nonpro", 1),
    ("Phó Bí thư Đoàn Thanh niên", None, _NONE, "nonpro", 1),
    ("Phó Chủ tịch Hội Liên hiệp Phụ nữ", None, _NONE, "nonpro", 1),
    ("Phó Chủ tịch Hội Nông dân", None, _NONE, "nonpro", 1),
    ("Phó Chủ tịch Hội Cựu chiến binh", None, _NONE, "nonpro", 0.7),
    ("Nhân viên thú y", None, _NONE, "nonpro", 0.7),
    ("{head_of_village}", None, _NONE, "nonpro", 2),
)
POSTS_INSTITUTION = (
    ("Giảng viên", None, _NONE, "employee", 3),
    ("Giảng viên chính", None, _NONE, "employee", 1),
    ("Phó Trưởng khoa", None, _DIV, "leader", 1),
    ("Chuyên viên Phòng Tổ chức - Hành chính", "01.003", _NONE, "civil", 1),
)
POSTS_HOSPITAL = (
    ("Bác sĩ", "V.08.01.03", _NONE, "employee", 4),
    ("Điều dưỡng", None, _NONE, "employee", 2),
    ("Phó Trưởng khoa", "V.08.01.03", _DIV, "leader", 1),
)
POSTS_ARCHIVES = (
    ("Lưu trữ viên", "V.01.02.02", _NONE, "employee", 3),
    ("Phó Giám đốc Trung tâm", "V.01.02.02", _DIV, "leader", 1),
)
THEORY_LEVELS = {
    "leader": (PoliticalTheoryLevel.ADVANCED, PoliticalTheoryLevel.ADVANCED, PoliticalTheoryLevel.INTERMEDIATE,
               PoliticalTheoryLevel.BACHELOR),
    "civil": (PoliticalTheoryLevel.INTERMEDIATE, PoliticalTheoryLevel.ELEMENTARY, PoliticalTheoryLevel.ELEMENTARY,
              PoliticalTheoryLevel.NONE),
    "commune": (PoliticalTheoryLevel.INTERMEDIATE, PoliticalTheoryLevel.ELEMENTARY, PoliticalTheoryLevel.ELEMENTARY),
    "nonpro": (PoliticalTheoryLevel.ELEMENTARY, PoliticalTheoryLevel.NONE, PoliticalTheoryLevel.NONE),
    "employee": (PoliticalTheoryLevel.ELEMENTARY, PoliticalTheoryLevel.NONE, PoliticalTheoryLevel.INTERMEDIATE),
}  # fmt: skip
LANGUAGES = ("", "", "", "Tiếng Anh B1", "Tiếng Anh B2", "Tiếng Trung HSK 3", "Tiếng Trung HSK 4")
PROVINCE_ID_PREFIX = "020"  # the first three digits of citizen IDs of people born in Lạng Sơn


@dataclass(frozen=True)
class TraineeData:
    personal_id: str
    full_name: str
    date_of_birth: datetime.date
    gender: str
    agency: str
    position: str
    rank: str | None
    leadership_level: str
    political_theory_level: str
    foreign_language_level: str
    profile: str


def _posts_for(agency: AgencyData) -> tuple:
    if agency.code == "LS-BVDK":
        return POSTS_HOSPITAL
    if agency.code == "LS-TTLT":
        return POSTS_ARCHIVES
    if agency.kind == AgencyKind.TRAINING_INSTITUTION:
        return POSTS_INSTITUTION
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
        return POSTS_DISTRICT
    return POSTS_DEPARTMENT


def build_trainees(rng: random.Random) -> list[TraineeData]:
    """A few hundred civil servants spread over the agencies, with deterministic citizen IDs."""
    trainees, used_ids = [], set()
    for agency in AGENCIES:
        if agency.kind == AgencyKind.COMMUNE:
            # A third commune civil servants, two thirds non-professional workers (người hoạt động không chuyên trách).
            plan = [POSTS_COMMUNE] * (agency.trainees // 3) + [POSTS_NON_PROFESSIONAL] * (
                agency.trainees - agency.trainees // 3
            )
        else:
            plan = [_posts_for(agency)] * agency.trainees
        for posts in plan:
            position, rank, level, profile, _weight = rng.choices(posts, weights=[p[4] for p in posts])[0]
            position = position.format(
                senior=agency.senior_post,
                head_of_village="Tổ trưởng tổ dân phố" if "thị trấn" in agency.name else "Trưởng thôn",
            )
            gender = rng.choice((Gender.MALE, Gender.FEMALE))
            first_year, last_year = (1968, 1986) if profile == "leader" else (1970, 2000)
            born = D(first_year, 1, 1) + datetime.timedelta(days=rng.randrange((last_year - first_year) * 365))
            full_name = " ".join(
                (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES[gender]), rng.choice(GIVEN_NAMES[gender]))
            )
            century_gender = (0 if born.year < 2000 else 2) + (1 if gender == Gender.FEMALE else 0)
            while True:
                personal_id = f"{PROVINCE_ID_PREFIX}{century_gender}{born.year % 100:02d}{rng.randrange(10**6):06d}"
                if personal_id not in used_ids:
                    used_ids.add(personal_id)
                    break
            trainees.append(
                TraineeData(
                    personal_id=personal_id,
                    full_name=full_name,
                    date_of_birth=born,
                    gender=gender,
                    agency=agency.code,
                    position=position,
                    rank=rank,
                    leadership_level=level,
                    political_theory_level=rng.choice(THEORY_LEVELS[profile]),
                    foreign_language_level=rng.choice(LANGUAGES) if profile != "nonpro" else "",
                    profile=profile,
                )
            )
    return trainees


# --- classes, allotments and nominations -------------------------------------------------------

# How a nomination ends: the status it reaches, and the reason when it is refused.
REJECT_REASONS = (
    "Không đúng đối tượng của lớp bồi dưỡng.",
    "Đã hoàn thành chương trình bồi dưỡng này trong 03 năm gần đây.",
    "Chưa đáp ứng tiêu chuẩn, điều kiện cử đi bồi dưỡng theo quy định.",
)
WITHDRAW_REASONS = (
    "Cơ quan cử đi công tác đột xuất, không bố trí được thời gian tham gia lớp học.",
    "Nghỉ chế độ thai sản.",
    "Lý do sức khỏe.",
    "Được điều động, luân chuyển sang cơ quan khác.",
)


@dataclass(frozen=True)
class NominationData:
    personal_id: str
    status: str
    reason: str = ""
    nominated_at: datetime.datetime | None = None
    decided_at: datetime.datetime | None = None


@dataclass
class ClassData:
    code: str
    title: str
    course: str
    plan_year: int
    category: str
    organiser: str | None
    provider: str | None
    mode: str
    location: str
    country: str
    start_date: datetime.date
    end_date: datetime.date
    registration_opens: datetime.date
    registration_closes: datetime.date
    seats: int
    funding_source: str
    budget_estimate: Decimal
    target_groups: tuple[str, ...]
    content_areas: tuple[str, ...]
    status: str
    allotments: list[tuple[str, int]] = field(default_factory=list)
    nominations: list[NominationData] = field(default_factory=list)


@dataclass(frozen=True)
class SeriesData:
    """Several classes of one course in a year: who organises them and in which months they start."""

    course: str
    organisers: tuple[str, ...]  # cycled
    months: tuple[int, ...]  # one per class
    mode: str = ClassMode.IN_PERSON
    funding: str = "nsnn-tinh"
    provider: str | None = None
    pool: str = "province"  # who gets seats: province, all, leaders, district


_SNV, _TCT = "LS-SNV", "LS-TCT"
_ORDER_D = (
    "LS-TPLS", "LS-TRANGDINH", "LS-VANLANG", "LS-VANQUAN", "LS-BINHGIA", "LS-BACSON", "LS-HUULUNG", "LS-CHILANG",
    "LS-CAOLOC", "LS-LOCBINH", "LS-DINHLAP", "LS-HUULUNG", "LS-CAOLOC", "LS-LOCBINH", "LS-TRANGDINH", "LS-BINHGIA",
    "LS-VANLANG", "LS-CHILANG",
)  # fmt: skip

SERIES_2025 = {
    CAT_A: (
        SeriesData("BD-CV", (_TCT, _SNV), (3, 4, 5, 6, 8, 9, 10, 11)),
        SeriesData("BD-CVC", (_SNV,), (4, 6, 9, 10), provider="napa"),
    ),
    CAT_B: (
        SeriesData("BD-LDP", (_TCT,), (3, 5, 7, 9, 11)),
        SeriesData("BD-LDS", (_SNV,), (8,), provider="napa", pool="leaders"),
    ),
    CAT_C: (
        SeriesData("BD-CDS", ("LS-STTTT",), (2, 4, 5, 6, 8, 9, 10), mode=ClassMode.ONLINE, pool="all"),
        SeriesData("BD-VTLT", (_SNV,), (2, 5, 8, 10), pool="all"),
        SeriesData("BD-QPAN", (_TCT,), (3, 6, 9, 11)),
        SeriesData("BD-HNQT", ("LS-SNGV",), (5, 10), pool="leaders"),
        SeriesData("BD-TCD", ("LS-TTT",), (4, 7, 10), pool="all"),
        SeriesData("BD-CCHC", (_SNV,), (3, 6, 9, 11), mode=ClassMode.BLENDED, pool="all"),
        SeriesData("BD-TCKT", ("LS-STC",), (2, 7, 11)),
        SeriesData("BD-KTDT", ("LS-BDT",), (2, 4, 8, 10), funding="ctmtqg", pool="all"),
        SeriesData("BD-PBPL", ("LS-STP",), (4, 7, 10), pool="all"),
        SeriesData("BD-NTM", ("LS-SNNPTNT",), (2, 8), funding="ctmtqg", pool="all"),
        SeriesData("BD-DDCV", (_SNV,), (6, 12)),
    ),
    CAT_D: (
        SeriesData(
            "BD-KCT", _ORDER_D, (3,) * 6 + (4,) * 5 + (5,) * 4 + (6,) * 3, funding="nsnn-huyen", pool="district"
        ),
    ),
    CAT_OVERSEAS: (SeriesData("BD-NN-HQ", (_SNV,), (9,), provider="logodi", pool="leaders"),),
}
# Classes of the district-level kind (d) in mountain districts are paid from the national target programme.
CTMTQG_DISTRICTS = {"LS-BINHGIA", "LS-DINHLAP", "LS-VANQUAN"}


@dataclass(frozen=True)
class FixedClass:
    """A 2026 class with fixed dates, so its status is meaningful around DEMO_TODAY (2026-11-23)."""

    code: str
    course: str
    organiser: str
    start: datetime.date
    end: datetime.date
    opens: datetime.date
    closes: datetime.date
    seats: int
    status: str
    mode: str = ClassMode.IN_PERSON
    provider: str | None = None
    pool: str = "province"


CLASSES_2026 = (
    FixedClass("2026-A-01", "BD-CV", _TCT, D(2026, 3, 9), D(2026, 4, 10), D(2026, 1, 26), D(2026, 2, 27), 100,
               ClassStatus.FINISHED),
    FixedClass("2026-B-01", "BD-LDP", _TCT, D(2026, 4, 13), D(2026, 5, 8), D(2026, 3, 2), D(2026, 4, 3), 70,
               ClassStatus.FINISHED),
    FixedClass("2026-C-01", "BD-CDS", "LS-SKHCN", D(2026, 5, 18), D(2026, 5, 20), D(2026, 4, 6), D(2026, 5, 8), 150,
               ClassStatus.FINISHED, mode=ClassMode.ONLINE),
    FixedClass("2026-C-02", "BD-VTLT", _SNV, D(2026, 6, 15), D(2026, 6, 19), D(2026, 5, 4), D(2026, 6, 5), 120,
               ClassStatus.FINISHED),
    FixedClass("2026-NN-01", "BD-NN-HQ", _SNV, D(2026, 9, 7), D(2026, 9, 20), D(2026, 6, 15), D(2026, 7, 31), 12,
               ClassStatus.FINISHED, provider="logodi", pool="leaders"),
    FixedClass("2026-A-02", "BD-CVC", _SNV, D(2026, 11, 9), D(2026, 12, 11), D(2026, 9, 28), D(2026, 10, 30), 110,
               ClassStatus.IN_PROGRESS, provider="napa"),
    FixedClass("2026-A-03", "BD-CV", _TCT, D(2026, 12, 7), D(2026, 12, 30), D(2026, 11, 2), D(2026, 12, 1), 90,
               ClassStatus.OPEN),
    FixedClass("2026-B-02", "BD-LDP", _TCT, D(2026, 12, 14), D(2026, 12, 30), D(2026, 11, 9), D(2026, 12, 4), 70,
               ClassStatus.OPEN),
    FixedClass("2026-C-03", "BD-CCHC", _SNV, D(2026, 12, 8), D(2026, 12, 10), D(2026, 11, 5), D(2026, 12, 2), 200,
               ClassStatus.OPEN, mode=ClassMode.BLENDED),
    FixedClass("2026-C-04", "BD-TCKT", "LS-STC", D(2026, 12, 21), D(2026, 12, 24), D(2026, 11, 30), D(2026, 12, 14),
               130, ClassStatus.PLANNED),
)  # fmt: skip

# Nominations per class (low, high) by category, and for the 2026 classes. Kept small: every nomination
# goes through the services (3 to 4 calls each), and the demo must load in seconds.
NOMINATIONS_PER_CLASS = {
    CAT_POSTGRAD: (16, 20),
    CAT_A: (3, 6),
    CAT_B: (3, 5),
    CAT_C: (3, 6),
    CAT_D: (3, 5),
    CAT_OVERSEAS: (8, 8),
}
NOMINATIONS_PER_CLASS_2026 = (5, 8)
AGENCIES_PER_CLASS = (3, 5)  # how many agencies get seats in a class (low, high)
FOCAL_POINT_AGENCY = "LS-STC"  # the 2026 classes always give it seats, so its focal point has something to do


def split_total(total: int, count: int, rng: random.Random, *, minimum: int, step: int = 5) -> list[int]:
    """`count` plausible class sizes that add up to exactly `total`, none below `minimum`."""
    if count * minimum > total:
        raise ValueError(f"{count} classes of at least {minimum} seats do not fit in {total} seats.")
    average = total / count
    sizes = [max(minimum, round(average * rng.uniform(0.65, 1.35) / step) * step) for _ in range(count)]
    difference = total - sum(sizes)
    while difference:
        index = rng.randrange(count)
        delta = min(step, abs(difference)) * (1 if difference > 0 else -1)
        if sizes[index] + delta >= minimum:
            sizes[index] += delta
            difference -= delta
    return sizes


def split_by_weights(total: int, weights: list[float]) -> list[int]:
    """Split `total` seats in proportion to `weights` (largest remainder), each share at least 1."""
    shares = [1] * len(weights)
    rest = total - len(weights)
    raw = [rest * weight / sum(weights) for weight in weights]
    for index, value in enumerate(raw):
        shares[index] += int(value)
    leftover = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for index in by_remainder[:leftover]:
        shares[index] += 1
    return shares


def _monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(7, 16), rng.choice((0, 15, 30, 45))))
    return timezone.make_aware(moment)


class Planner:
    """Turns the data above into classes with allotments and nominations; pure Python, no database."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.trainees = build_trainees(self.rng)
        self.trainees_by_agency: dict[str, list[TraineeData]] = defaultdict(list)
        for trainee in self.trainees:
            self.trainees_by_agency[trainee.agency].append(trainee)
        self.courses_taken: set[tuple[str, str]] = set()  # (personal_id, course)
        self.course_numbers: Counter = Counter()  # (year, course) -> classes so far, for "lớp 02 năm 2025"

    # -- who gets seats ------------------------------------------------------------------------

    def pool(self, kind: str, day: datetime.date, organiser: str | None) -> list[AgencyData]:
        valid = [agency for agency in AGENCIES if agency.is_valid_on(day) and agency.code != ROOT]
        if kind == "district":
            return [a for a in valid if a.code == organiser or a.parent == organiser]
        if kind == "leaders":
            kinds = {AgencyKind.PARTY, AgencyKind.DEPARTMENT, AgencyKind.PEOPLES_COMMITTEE}
        elif kind == "all":
            kinds = set(AgencyKind.values) - {AgencyKind.OTHER}
        else:
            kinds = set(AgencyKind.values) - {AgencyKind.OTHER, AgencyKind.COMMUNE}
        return [agency for agency in valid if agency.kind in kinds]

    def allot(self, klass: ClassData, pool_kind: str, *, always: tuple[str, ...] = (), count: int = 0) -> None:
        rng = self.rng
        pool = self.pool(pool_kind, klass.start_date, klass.organiser)
        if pool_kind == "district":
            chosen = pool
        else:
            count = min(len(pool), klass.seats, count or rng.randint(*AGENCIES_PER_CLASS))
            chosen = rng.sample(pool, count)
            for code in always:
                if code not in {a.code for a in chosen} and AGENCY_BY_CODE[code].is_valid_on(klass.start_date):
                    chosen[-1] = AGENCY_BY_CODE[code]
        chosen.sort(key=lambda a: a.code)
        total = klass.seats if rng.random() < 0.82 else round(klass.seats * rng.uniform(0.8, 0.95))
        weights = [math.sqrt(max(agency.headcount, 1)) * rng.uniform(0.6, 1.4) for agency in chosen]
        if pool_kind == "district":  # the communes get a few seats each, the district the rest
            weights = [
                w * (6 if agency.kind == AgencyKind.PEOPLES_COMMITTEE else 1)
                for w, agency in zip(weights, chosen, strict=True)
            ]
        klass.allotments = list(zip((a.code for a in chosen), split_by_weights(total, weights), strict=True))

    # -- who is sent ---------------------------------------------------------------------------

    def nominate(self, klass: ClassData, statuses, *, per_class: tuple[int, int] | None = None) -> None:
        rng = self.rng
        course = COURSE_BY_CODE[klass.course]
        wanted = rng.randint(*(per_class or NOMINATIONS_PER_CLASS[klass.category]))
        candidates = [
            trainee
            for agency, _seats in klass.allotments
            for trainee in self.trainees_by_agency[agency]
            if trainee.profile in course.eligible and (trainee.personal_id, course.code) not in self.courses_taken
        ]
        rng.shuffle(candidates)
        room = dict(klass.allotments)
        chosen = []
        for trainee in candidates:
            if len(chosen) == wanted:
                break
            if room[trainee.agency] > 0:
                room[trainee.agency] -= 1
                chosen.append(trainee)
        last_day = min(klass.registration_closes, DEMO_TODAY - datetime.timedelta(days=1))
        decision_day = min(klass.start_date, DEMO_TODAY) - datetime.timedelta(days=1)
        for trainee in sorted(chosen, key=lambda t: t.personal_id):
            self.courses_taken.add((trainee.personal_id, course.code))
            status = statuses(rng.random())
            reason = ""
            if status == NominationStatus.REJECTED:
                reason = rng.choice(REJECT_REASONS)
            elif status == NominationStatus.WITHDRAWN:
                reason = rng.choice(WITHDRAW_REASONS)
            span = max((last_day - klass.registration_opens).days, 0)
            nominated_on = klass.registration_opens + datetime.timedelta(days=rng.randint(0, span))
            decided_on = max(min(nominated_on + datetime.timedelta(days=rng.randint(2, 6)), decision_day), nominated_on)
            klass.nominations.append(
                NominationData(trainee.personal_id, status, reason, _at(nominated_on, rng), _at(decided_on, rng))
            )

    # -- the classes ---------------------------------------------------------------------------

    def classes_2025(self) -> list[ClassData]:
        rng = self.rng
        classes = []
        for category, series_list in SERIES_2025.items():
            planned_classes, planned_seats = PLAN_2025.targets[category]
            sizes = split_total(planned_seats, planned_classes, rng, minimum=20 if planned_seats >= 20 else 1)
            drafts = []
            for series in series_list:
                for index, month in enumerate(series.months):
                    organiser = series.organisers[index % len(series.organisers)]
                    day_cap = 15 if category == CAT_D else 22
                    start = _monday_on_or_after(D(2025, month, rng.randint(2, day_cap)))
                    organiser = successor_on(organiser, start)
                    drafts.append((start, series, organiser))
            if len(drafts) != planned_classes:
                raise ValueError(f"{category}: {len(drafts)} classes in the series, {planned_classes} planned.")
            drafts.sort(key=lambda draft: (draft[0], draft[1].course, draft[2]))
            for number, ((start, series, organiser), seats) in enumerate(zip(drafts, sizes, strict=True), start=1):
                funding = series.funding
                if category == CAT_D and organiser in CTMTQG_DISTRICTS:
                    funding = "ctmtqg"
                klass = self._class(
                    code=f"2025-{CLASS_LETTERS[category]}-{number:02d}",
                    course=series.course,
                    plan_year=2025,
                    organiser=organiser,
                    provider=series.provider,
                    mode=series.mode,
                    start=start,
                    seats=seats,
                    funding=funding,
                    status=ClassStatus.FINISHED,
                )
                self.allot(klass, series.pool)
                self.nominate(klass, _finished_outcome)
                classes.append(klass)
        postgraduate = self._class(
            code="2025-SDH-01",
            course="DT-THS",
            plan_year=2025,
            organiser=_SNV,
            provider=None,
            mode=ClassMode.IN_PERSON,
            start=D(2025, 3, 3),
            end=D(2026, 8, 31),
            opens=D(2024, 12, 2),
            closes=D(2025, 1, 17),
            seats=PLAN_2025.targets[CAT_POSTGRAD][1],
            funding="nsnn-tinh",
            status=ClassStatus.FINISHED,
            budget=Decimal(PLAN_2025.targets[CAT_POSTGRAD][1] * 30_000_000),
        )
        self.allot(postgraduate, "province", count=8)
        self.nominate(postgraduate, _postgraduate_outcome)
        classes.append(postgraduate)
        return classes

    def classes_2026(self) -> list[ClassData]:
        classes = []
        for fixed in CLASSES_2026:
            klass = self._class(
                code=fixed.code,
                course=fixed.course,
                plan_year=2026,
                organiser=fixed.organiser,
                provider=fixed.provider,
                mode=fixed.mode,
                start=fixed.start,
                end=fixed.end,
                opens=fixed.opens,
                closes=fixed.closes,
                seats=fixed.seats,
                funding="nsnn-tinh",
                status=fixed.status,
            )
            self.allot(klass, fixed.pool, always=(FOCAL_POINT_AGENCY,))
            outcome = {
                ClassStatus.FINISHED: _finished_outcome,
                ClassStatus.IN_PROGRESS: _in_progress_outcome,
                ClassStatus.OPEN: _open_outcome,
            }.get(fixed.status)
            if outcome is not None:
                self.nominate(klass, outcome, per_class=NOMINATIONS_PER_CLASS_2026)
            classes.append(klass)
        return classes

    def _class(self, *, code, course, plan_year, organiser, provider, mode, start, seats, funding, status,
               end=None, opens=None, closes=None, budget=None) -> ClassData:  # fmt: skip
        data = COURSE_BY_CODE[course]
        end = end or start + datetime.timedelta(days=max(data.duration_days, 1) - 1)
        opens = opens or start - datetime.timedelta(days=42)
        closes = closes or start - datetime.timedelta(days=10)
        organiser_data = AGENCY_BY_CODE[organiser]
        country = "Việt Nam"
        if data.category == CAT_OVERSEAS:
            location, country = "Viện Phát triển cán bộ chính quyền địa phương (LOGODI), tỉnh Jeonbuk", "Hàn Quốc"
        elif data.category == CAT_POSTGRAD:
            location = "Các cơ sở đào tạo sau đại học trong nước"
        elif mode == ClassMode.ONLINE:
            location = "Trực tuyến (điểm cầu tại các cơ quan, đơn vị)"
        elif organiser in (_SNV, _TCT):
            location = "Trường Chính trị Hoàng Văn Thụ, thành phố Lạng Sơn"
            if mode == ClassMode.BLENDED:
                location += " và trực tuyến"
        elif organiser_data.kind == AgencyKind.PEOPLES_COMMITTEE:
            location = f"Hội trường {organiser_data.name}"
        else:
            location = f"Hội trường {organiser_data.name}, thành phố Lạng Sơn"
        self.course_numbers[plan_year, course] += 1
        number = self.course_numbers[plan_year, course]
        title = f"{data.title} (lớp {number:02d} năm {plan_year})"
        if data.category == CAT_D:
            title = f"{data.title} – {organiser_data.name} (lớp {number:02d} năm {plan_year})"
        if budget is None:
            budget = Decimal(round(seats * min(max(data.duration_days, 1), 30) * data.per_seat_day, -6))
        return ClassData(
            code=code,
            title=title,
            course=course,
            plan_year=plan_year,
            category=data.category,
            organiser=organiser,
            provider=provider,
            mode=mode,
            location=location,
            country=country,
            start_date=start,
            end_date=end,
            registration_opens=opens,
            registration_closes=closes,
            seats=seats,
            funding_source=funding,
            budget_estimate=budget,
            target_groups=data.target_groups,
            content_areas=data.content_areas,
            status=status,
        )


def _finished_outcome(draw: float) -> str:
    if draw < 0.05:
        return NominationStatus.REJECTED
    if draw < 0.11:
        return NominationStatus.WITHDRAWN
    if draw < 0.17:
        return NominationStatus.FAILED
    return NominationStatus.COMPLETED


def _postgraduate_outcome(draw: float) -> str:
    if draw < 0.04:
        return NominationStatus.WITHDRAWN
    if draw < 0.1:
        return NominationStatus.FAILED
    return NominationStatus.COMPLETED


def _in_progress_outcome(draw: float) -> str:
    return NominationStatus.WITHDRAWN if draw < 0.1 else NominationStatus.ATTENDED


def _open_outcome(draw: float) -> str:
    if draw < 0.45:
        return NominationStatus.NOMINATED
    if draw < 0.85:
        return NominationStatus.APPROVED
    if draw < 0.93:
        return NominationStatus.REJECTED
    return NominationStatus.WITHDRAWN


# The service calls that take a new nomination to each final status (after nomination_submit).
PATHS = {
    NominationStatus.NOMINATED: (),
    NominationStatus.APPROVED: (NominationStatus.APPROVED,),
    NominationStatus.REJECTED: (NominationStatus.REJECTED,),
    NominationStatus.WITHDRAWN: (NominationStatus.APPROVED, NominationStatus.WITHDRAWN),
    NominationStatus.ATTENDED: (NominationStatus.APPROVED, NominationStatus.ATTENDED),
    NominationStatus.COMPLETED: (NominationStatus.APPROVED, NominationStatus.ATTENDED, NominationStatus.COMPLETED),
    NominationStatus.FAILED: (NominationStatus.APPROVED, NominationStatus.ATTENDED, NominationStatus.FAILED),
}


# --- accounts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountData:
    username: str
    password: str
    role: str  # superuser, staff, focal_point, leader
    first_name: str
    last_name: str
    agency: str | None = None


ACCOUNTS = (
    AccountData("admin", "demo-2025-admin", "superuser", "", ""),
    AccountData("chuyenvien", "demo-2025-chuyenvien", "staff", "Hương", "Nông Thị"),
    AccountData("daumoi.sotaichinh", "demo-2025-daumoi-stc", "focal_point", "Tuấn", "Hoàng Văn", agency="LS-STC"),
    AccountData("daumoi.tpls", "demo-2025-daumoi-tpls", "focal_point", "Lan", "Vi Thị", agency="LS-TPLS"),
    AccountData("lanhdao", "demo-2025-lanhdao", "leader", "Minh", "Lương Đức"),
)


# --- loading -----------------------------------------------------------------------------------


@dataclass
class LoadReport:
    """What a run did: rows created per model, and the demo accounts with their passwords."""

    created: Counter = field(default_factory=Counter)
    accounts: list[AccountData] = field(default_factory=list)
    agency_names: dict[str, str] = field(default_factory=dict)


def _differs(instance, name: str, value) -> bool:
    model_field = instance._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        return getattr(instance, model_field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def _validate(instance, *, unique: bool = True) -> None:
    """Field validators (and uniqueness); the database enforces the CHECK constraints and foreign keys itself
    (validating them here would cost a query each, for every row)."""
    relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=relations, validate_unique=unique, validate_constraints=False)


def upsert_row(model, lookup: dict, values: dict, report: LoadReport, *, create_only: dict | None = None):
    """Find the row by its natural key; create it, or save it only when a value differs (no needless history).

    Returns the row and what happened to it: "+" created, "~" changed, "" left as it was.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values, **(create_only or {}))
        _validate(instance)
        instance.save()
        report.created[model._meta.label] += 1
        return instance, HISTORY_CREATED
    changed = [name for name, value in values.items() if _differs(instance, name, value)]
    if not changed:
        return instance, ""
    for name in changed:
        setattr(instance, name, values[name])
    _validate(instance)
    instance.save()
    return instance, HISTORY_CHANGED


def upsert(model, lookup: dict, values: dict, report: LoadReport, *, create_only: dict | None = None):
    return upsert_row(model, lookup, values, report, create_only=create_only)[0]


def _set_m2m(manager, objects) -> bool:
    """Make the relation hold exactly `objects`; True when it had to change."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(objects)
    return True


def _record_m2m_history(model, records) -> None:
    """Give bulk-made history records the snapshot of their m2m fields that a normal save would have written."""
    history_model = model.history.model
    by_pk = {record.id: record for record in records if record.pk}  # record.id is the tracked row's key
    if not by_pk:
        return  # the database did not return the new records' keys
    for m2m_field in history_model._history_m2m_fields:
        m2m_history_model = getattr(history_model, m2m_field.name).model
        through = m2m_field.remote_field.through
        source = through._meta.get_field(m2m_field.m2m_field_name()).attname
        columns = [f.attname for f in through._meta.concrete_fields]
        rows = [
            m2m_history_model(history=by_pk[getattr(row, source)], **{name: getattr(row, name) for name in columns})
            for row in through.objects.filter(**{f"{source}__in": list(by_pk)})
        ]
        m2m_history_model.objects.bulk_create(rows, batch_size=500)


@contextmanager
def _history_off():
    """Switch django-simple-history off for a block (its own setting, read on every save)."""
    missing = object()
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", missing)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        if previous is missing:
            del settings.SIMPLE_HISTORY_ENABLED
        else:
            settings.SIMPLE_HISTORY_ENABLED = previous


class Loader:
    def __init__(self):
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
                    _record_m2m_history(model, records or [])

    def run(self) -> LoadReport:
        planner = Planner()
        self.reference_data()
        self.load_agencies()
        self.load_partners()
        self.load_accounts()
        self.plans = {data.year: self.load_plan(data) for data in PLANS}
        self.load_courses()
        self.load_trainees(planner.trainees)
        classes = planner.classes_2025() + planner.classes_2026()
        # Thousands of service calls: each would write its own history rows (a class's, with its m2m, on every
        # allotment). They run with history off; then every row they touched gets one record of its final state.
        with _history_off():
            for klass in classes:
                self.load_class(klass)
        self.record_history()
        self.report.accounts = list(ACCOUNTS)
        self.report.agency_names = {code: agency.name for code, agency in self.agencies.items()}
        return self.report

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
                {"doc_type": doc.doc_type, "issued_on": doc.issued_on, "title": doc.title},
                report,
            )
            for doc in LEGAL_DOCUMENTS
        }
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
        for data in ACTIVITIES:
            upsert(
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
        upsert(
            Correspondence,
            {
                "direction": Direction.INCOMING,
                "symbol": LETTER_SYMBOL,
                "dated": LETTER_DATED,
                "sender_agency": self.agencies["LS-SNGV"],
            },
            {
                "number": None,
                "received_on": LETTER_DATED,
                "recipient_agency": self.agencies["LS-SNV"],
                "subject": LETTER_SUBJECT,
                "body": LETTER_BODY,
                "copies_to": LETTER_COPIES_TO,
                "partner": self.partners["logodi"],
                "reply_due": D(2023, 5, 16),
                "status": CorrespondenceStatus.RECEIVED,
                "signer_authority": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
                "signer_name": "Trần Thị Vân Thùy",
            },
            report,
        )

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
        _set_m2m(staff_group.permissions, list(staff_permissions))
        leader_group, created = Group.objects.get_or_create(name=LEADER_GROUP)
        self.report.created["auth.Group"] += created
        _set_m2m(
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
            user.first_name, user.last_name = data.first_name, data.last_name
            user.is_active = True
            user.is_staff = data.role in ("staff", "superuser")
            user.is_superuser = data.role == "superuser"
            user.set_password(data.password)
            user.save()
            _set_m2m(user.groups, groups.get(data.role, []))
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
            "document_number": None,
            "document_symbol": data.document_symbol,
            "issued_on": data.issued_on,
            "purposes": data.purposes,
            "requirements": data.requirements,
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
        _set_m2m(plan.target_groups, [self.target_groups[code] for code in data.target_groups])
        _set_m2m(plan.funding_sources, [self.funding[code] for code in data.funding_sources])
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
                {"planned_classes": classes, "planned_seats": seats},
                report,
            )
        if plan.status == PlanStatus.DRAFT:
            plan_services.plan_submit(plan=plan, by=self.users["staff"], note="Trình phê duyệt (dữ liệu mẫu)")
        if plan.status == PlanStatus.SUBMITTED:
            plan_services.plan_approve(plan=plan, by=self.users["leader"], note="Đồng ý (dữ liệu mẫu)")
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
                },
                self.report,
            )
            _set_m2m(course.content_areas, [self.content_areas[code] for code in data.content_areas])
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
            )
            for t in trainees
            if t.personal_id not in existing
        ]
        for trainee in missing:
            _validate(trainee, unique=False)  # the existing citizen IDs were filtered out above
        if missing:
            bulk_create_with_history(missing, Trainee, batch_size=500)
            self.report.created[Trainee._meta.label] += len(missing)
        self.trainees = {
            trainee.personal_id: trainee
            for trainee in Trainee.objects.filter(personal_id__in=[t.personal_id for t in trainees]).select_related(
                "agency"
            )
        }

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
            if _set_m2m(manager, [lookup[code] for code in codes]):
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
        for planned in missing:
            trainee = self.trainees[planned.personal_id]
            nomination = course_services.nomination_submit(
                trainee=trainee, training_class=klass, by=self.nominating_user(trainee.agency.code)
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


def load_demo() -> LoadReport:
    """Load (or update) the demo province. Call inside a transaction: see the load_demo command."""
    return Loader().run()
