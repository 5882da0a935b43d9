"""The province's agencies in 2024–2026: departments, districts and communes, with the 2025 reform.

Departments merged on 1 March 2025 point at their successor; the district level ends on 30 June 2025.
"""

import datetime
from dataclasses import dataclass

from plans.models import AgencyKind

D = datetime.date

ROOT = "LS-UBND"
SNV, TCT = "LS-SNV", "LS-TCT"  # Sở Nội vụ and Trường Chính trị, who organise most classes
REFORM_DAY = D(2025, 3, 1)  # departments merged (2025 reform of the apparatus)
MERGED_UNTIL = D(2025, 2, 28)
DISTRICTS_UNTIL = D(2025, 6, 30)  # the district level was removed on 1 July 2025


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
# The usual signer of the two organisers (authority, title, name), the default of the class decisions and notices
# they issue. Sở Nội vụ's is the one who signs the demo's reply to LOGODI; Trường Chính trị's is made up.
USUAL_SIGNERS = {
    SNV: ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"),
    TCT: ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Lương Thị Hồng"),
}
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
