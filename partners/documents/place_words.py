"""The words the decisions on postgraduate study print for the codes of `courses.place_models`."""

# A document is printed in Vietnamese whatever the interface's language, so its words are written here.
LEVEL_WORDS = {"master": "thạc sĩ", "doctorate": "tiến sĩ", "overseas_long": "dài hạn ở nước ngoài"}
MODE_WORDS = {"full_time": "tập trung", "part_time": "không tập trung (vừa làm vừa học)"}
REASON_WORDS = {
    "left_during_study": "tự ý bỏ học, bỏ việc trong thời gian đào tạo",
    "dismissed": "bị kỷ luật buộc thôi việc",
    "no_degree": "không được cơ sở đào tạo cấp văn bằng tốt nghiệp",
    "left_before_serving": "bỏ việc khi chưa phục vụ đủ thời gian cam kết",
}
