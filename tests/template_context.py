"""Realistic hand-made contexts for the three Word templates.

Follows the context contract of templates/README.md: every value is already
formatted text; the templates only loop and branch.  The plan's body is the
real 2024 plan of UBND xã Sơn Giang (shared/seed/); appendix rows, report
figures and notice assignments are SAMPLE DATA (not in the seed).
Some strings deliberately contain ``&``, ``<`` and ``>`` to prove escaping.
"""
from __future__ import annotations

from docxtpl import RichText

COMMON_KEYS = {
    "chu_quan", "co_quan", "so", "dia_danh_ngay", "ten_loai", "trich_yeu",
    "kinh_gui", "than", "tham_quyen", "nguoi_ky", "noi_nhan",
}
CONTRACT_KEYS = {
    "ke-hoach": COMMON_KEYS | {"phu_luc"},
    "bao-cao-quy": COMMON_KEYS | {"phu_luc", "bieu_do"},
    "thong-bao-phan-cong": set(COMMON_KEYS),
}


def _blocks(pairs):
    return [{"loai": loai, "noi_dung": RichText(text)} for loai, text in pairs]


def _title(text):
    """The trích yếu as the model gives it: rich text, bold on every run."""
    return RichText(text, bold=True)


def _bang(header, rows, spans, centred):
    """A `bang` block (a body table) as the model gives it: cells with text, grid span, centring."""
    def cells(texts, bold=False):
        return [{"noi_dung": RichText(t, bold=bold), "rong": spans[k], "giua": centred[k] or bold}
                for k, t in enumerate(texts)]
    return {"loai": "bang", "noi_dung": RichText(""), "cot": cells(header, bold=True),
            "dong": [cells(r) for r in rows]}


def _header(**over):
    ctx = {
        "chu_quan": "UBND HUYỆN HƯƠNG SƠN",
        "co_quan": ["ỦY BAN NHÂN DÂN", "XÃ SƠN GIANG"],
        "dia_danh_ngay": "Sơn Giang, ngày      tháng 3 năm 2024",
        "kinh_gui": [],
        "tham_quyen": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        "nguoi_ky": "Nguyễn Đức Thắng",
        "noi_nhan": [
            "- UBND huyện Hương Sơn;",
            "- TT Đảng ủy, TT HĐND xã;",
            "- Chủ tịch, các PCT UBND xã;",
            "- Thủ trưởng các đoàn thể;",
            "- Các công chức chuyên môn có liên quan;",
            "- Trang thông tin điện tử xã;",
            "- Lưu: VT.",
        ],
    }
    ctx.update(over)
    return ctx


PLAN_BODY = [
    ('doan', 'Theo kết quả công bố Chỉ số cải cách hành chính (CCHC) năm 2023 tại Quyết định số 7169/QĐ-UBND ngày 29/12/2023 của UBND huyện, tổng điểm của xã Sơn Giang đạt 84,40 điểm, xếp thứ 19/25 toàn huyện, tụt hạng xa so với những năm trước.'),
    ('doan', 'Để công tác CCHC ngày càng hiệu quả, Ủy ban nhân dân xã ban hành kế hoạch khắc phục những hạn chế, tồn tại trong công tác CCHC năm 2023 và giải pháp nâng cao Chỉ số CCHC của xã năm 2024 như sau:'),
    ('muc', 'I. MỤC ĐÍCH, YÊU CẦU'),
    ('khoan', '1. Mục đích'),
    ('doan', 'a) Khắc phục những tồn tại, hạn chế trong việc thực hiện Chỉ số CCHC của xã năm 2023; Xác định nhiệm vụ, giải pháp thực hiện để công tác CCHC ngày càng đi vào chiều sâu, hiệu lực, hiệu quả trong công tác chỉ đạo, điều hành và từng bước cải thiện các chỉ số thành phần, nâng cao chỉ số CCHC tại UBND xã.'),
    ('doan', 'b) Nâng cao trách nhiệm của người đứng đầu cấp ủy, chính quyền, của cán bộ, công chức trong thực hiện công tác CCHC nói chung và chỉ số CCHC của xã nói riêng;'),
    ('doan', 'c) Phấn đấu Chỉ số CCHC năm 2024 của xã xếp hạng ở vị trí cao hơn năm 2023 và tiếp tục cải thiện, nâng cao vị trí xếp hạng qua các năm tiếp theo.'),
    ('khoan', '2. Yêu cầu'),
    ('doan', 'a) Việc thực hiện kế hoạch nâng cao Chỉ số CCHC của xã phải gắn với việc thực hiện có hiệu quả Kế hoạch CCHC đã ban hành trong năm của xã.'),
    ('doan', 'b) Tổ chức thực hiện có hiệu quả việc cải thiện và nâng cao Chỉ số CCHC của xã là nhiệm vụ của tất cả các tổ chức và các nhân được giao chủ trì các lĩnh vực liên quan đến công tác CCHC, liên quan đến các tiêu chí đánh giá, xác định Chỉ số CCHC hàng năm của xã là lực lượng chính trong tham mưu, chỉ đạo thực hiện.'),
    ('doan', 'c) Các công chức chuyên môn căn cứ chỉ số CCHC năm 2023 tập trung xây dựng Kế hoạch và tổ chức thực hiện có hiệu quả việc khắc phục triệt để những tồn tại, hạn chế mà các đoàn kiểm tra đã chỉ ra.'),
    ('muc', 'II. NHIỆM VỤ VÀ GIẢI PHÁP'),
    ('khoan', '1. Công tác chỉ đạo điều hành cải cách hành chính'),
    ('doan', 'a) Đẩy mạnh công tác tuyên truyền về CCHC bằng nhiều hình thức, nhằm nâng cao nhận thức, trách nhiệm của người dân và tổ chức về CCHC; tổ chức khảo sát, điều tra, đánh giá, đo lường sự hài lòng của người dân, tổ chức, doanh nghiệp đối với sự phục vụ của cơ quan hành chính nhà nước tại địa phương;'),
    ('doan', 'b) Tăng cường công tác kiểm tra, hướng dẫn, đôn đốc việc triển khai thực hiện của các cơ quan hành chính nhà nước. Xử lý kịp thời các vấn đề phát hiện qua kiểm tra, giám sát;'),
    ('doan', 'c) Nâng cao chất lượng các văn bản chỉ đạo, điều hành CCHC của xã. Phát huy tinh thần năng động, sáng tạo; có những sáng kiến mới trong công tác CCHC, gắn kết quả thực hiện CCHC với công tác thi đua, khen thưởng. Đồng thời bố trí đủ nguồn lực cho công tác CCHC;'),
    ('doan', 'd) Đẩy mạnh việc viết sáng kiến/giải pháp hữu ích về công tác CCHC. Thường xuyên rà soát để hoàn thành 100% các nhiệm vụ do UBND huyện, Chủ tịch UBND huyện giao trong năm. Đặc biệt là chỉ tiêu kinh tế - xã hội.'),
    ('khoan', '2. Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật'),
    ('doan', 'a) Ban hành kịp thời kế hoạch rà soát, hệ thống hóa văn bản QPPL; tự kiểm tra thực hiện văn bản QPPL tại địa phương;'),
    ('doan', 'b) Nâng cao chất lượng công tác soạn thảo và thẩm định văn bản, tránh tình trạng văn bản QPPL chứa TTHC hoặc văn bản hành chính thông thường chứa QPPL trái hoặc không phù hợp với quy định của pháp luật; đảm bảo tính khả thi, hiệu lực và hiệu quả...;'),
    ('doan', 'c) Rà soát, hướng dẫn các cơ quan hành chính xây dựng và tổ chức thực hiện văn bản QPPL thuộc ngành và lĩnh vực được giao. Tổ chức kiểm tra, đánh giá kết quả và rút kinh nghiệm trong việc xây dựng và thực hiện kế hoạch rà soát, hệ thống hóa VBQPPL hàng năm.'),
    ('khoan', '3. Cải cách thủ tục hành chính'),
    ('doan', 'a) Tiếp tục tăng cường trách nhiệm của người đứng đầu cơ quan hành chính nhà nước theo Quyết định số 54/2019/QĐ-UBND ngày 27/9/2019 của UBND tỉnh về Quy định trách nhiệm người đứng đầu cơ quan hành chính và các cơ quan Trung ương đóng trên địa bàn tỉnh về thực hiện CCHC; đẩy mạnh thực hiện cải cách TTHC một cách quyết liệt, toàn diện và có hiệu quả các nhiệm vụ, giải pháp cải thiện môi trường đầu tư kinh doanh.'),
    ('doan', 'b) Kiểm soát chặt chẽ các nội dung: công bố TTHC; công khai bộ TTHC trên cơ sở dữ liệu quốc gia về TTHC, trên trang thông tin điện tử của xã; niêm yết bộ TTHC tại Bộ phận tiếp nhận và trả kết quả cấp xã;'),
    ('doan', 'c) Nâng cao chất lượng giải quyết TTHC theo cơ chế một cửa, cơ chế một cửa liên thông; thực hiện nghiêm việc tiếp nhận và luân chuyển hồ sơ TTHC trên Hệ thống một cửa điện tử và dịch vụ công trực tuyến; chấm dứt tình trạng hồ sơ trễ hạn do không kết thúc trên hệ thống.'),
    ('doan', 'd) Tổ chức kiểm tra, giám sát, đánh giá tình hình và chất lượng việc tuân thủ, áp dụng TTHC theo cơ chế một cửa, cơ chế một cửa liên thông tại địa phương.'),
    ('doan', 'đ) Nâng cao chất lượng việc rà soát, đánh giá TTHC và xây dựng phương án đơn giản hóa TTHC phù hợp với điều kiện và yêu cầu thực tế của địa phương.'),
    ('doan', 'e) Xây dựng kế hoạch tổ chức hướng dẫn về nghiệp vụ cho cán bộ, công chức trực tiếp thực hiện nhiệm vụ kiểm soát TTHC, cải cách TTHC và cơ chế một cửa, một cửa liên thông trên địa bàn xã.'),
    ('khoan', '4. Cải cách tổ chức bộ máy hành chính'),
    ('doan', 'Tiếp tục rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn thuộc UBND xã, gắn với tiếp tục thực hiện tinh gọn bộ máy, tinh giản biên chế.'),
    ('khoan', '5. Cải cách chế độ công vụ'),
    ('doan', 'a) Tăng cường giáo dục ý thức, trách nhiệm, kỷ luật, kỷ cương của đội ngũ CB,CC trong thực thi công vụ. Đẩy mạnh công tác đào tạo, bồi dưỡng trình độ chuyên môn, lý luận chính trị, quản lý nhà nước, ngoại ngữ và tin học.'),
    ('doan', 'b) Tăng cường công tác kiểm tra (định kỳ, đột xuất) việc chấp hành kỷ luật, kỷ cương hành chính, cải cách hành chính, văn hoá công vụ của đội ngũ cán bộ, công chức trong thực thi nhiệm vụ, công vụ; có biện pháp xử lý nghiêm minh các tổ chức, cá nhân vi phạm.'),
    ('khoan', '6. Cải cách tài chính công'),
    ('doan', 'a) Tiếp tục nâng cao hiệu quả phân bổ và sử dụng các nguồn lực tài chính, đặc biệt là nguồn vốn ngân sách nhà nước, trong đó từng bước giảm dần tỷ trọng chi thường xuyên để tăng chi đầu tư phát triển; tinh giản bộ máy, biên chế, thực hiện cải cách tiền lương.'),
    ('doan', 'b) Xây dựng và triển khai có hiệu quả quy chế chi tiêu nội bộ.'),
    ('khoan', '7. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số'),
    ('doan', 'a) Triển khai và thực hiện tốt Kế hoạch ứng dụng Công nghệ Thông tin (CNTT) của xã;'),
    ('doan', 'b) Tăng cường hiệu quả khai thác, sử dụng dịch vụ công trực tuyến toàn trình trên địa bàn xã, đặc biệt chú trọng đến hoạt động tuyên truyền, hỗ trợ người dân, doanh nghiệp tiếp cận và khai thác dịch vụ công trực tuyến toàn trình;'),
    ('doan', 'c) Tiếp tục triển khai có hiệu quả việc tiếp nhận hồ sơ, trả kết quả giải quyết TTHC qua dịch vụ bưu chính công ích theo Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016 của Thủ tướng Chính phủ;'),
    ('doan', 'd) Xây dựng kế hoạch chuyên đổi số năm 2024 và triển khai thực hiện có hiệu quả theo kế hoạch đề ra.'),
    ('doan', 'đ) Thực hiện tốt việc áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015 trong hoạt động của địa phương đảm bảo thực chất, hiệu quả và tránh hình thức, đối phó. Thực hiện việc rà soát quy trình nội bộ giải quyết TTHC để đề xuất sửa đổi, bổ sung kịp thời đáp ứng yêu cầu.'),
    ('khoan', '8. Tác động của cải cách hành chính đến sự phát triển KTXH của địa phương'),
    ('doan', 'a) Xây dựng hoặc đề xuất cấp có thẩm quyền ban hành các cơ chế, chính sách tạo điều kiện thuận lợi cho doanh nghiệp sản xuất kinh doanh, doanh nghiệp khởi nghiệp nhằm thu hút đầu tư và tăng số doanh nghiệp thành lập mới trong năm;'),
    ('doan', 'b) Đẩy mạnh công tác tuyên truyền, nâng cao sự hiểu biết của cán bộ, công chức đối với việc thực hiện công tác cải cách hành chính, nâng cao kết quả đánh giá tác động (qua điều tra xã hội học) của xã.'),
    ('muc', 'III. TỔ CHỨC THỰC HIỆN'),
    ('doan', '1. Chủ tịch UBND xã trên cơ sở chức năng, nhiệm vụ được giao, căn cứ Kế hoạch này tập trung khắc phục triệt để các tồn tại, hạn chế theo các nhiệm vụ tại Mục II và Phụ lục kèm theo kế hoạch này.'),
    ('doan', '2. Các công chức được giao chủ trì thực hiện các tiêu chí về CCHC chịu trách nhiệm trước Chủ tịch UBND xã về kết quả đánh giá các tiêu chí thành phần thuộc trách nhiệm của mình (thông qua việc cung cấp tài liệu, hồ sơ kiểm chứng đầy đủ, đúng theo quy định). Chủ động tham mưu Chủ tịch UBND xã ban hành các văn bản chỉ đạo và thực hiện những nhiệm vụ đã được đưa vào chấm điểm đánh giá hàng năm.'),
    ('doan', '3. Văn phòng UBND xã theo dõi, đôn đốc, tổng hợp tình hình thực hiện Kế hoạch của địa phương, kịp thời báo cáo UBND xã những phát sinh trong thực hiện; đồng thời, đề xuất các giải pháp để khắc phục những hạn chế, yếu kém phát sinh.'),
    ('doan', 'Ủy ban nhân dân xã yêu cầu công chức chuyên môn, tập trung chỉ đạo và tổ chức thực hiện có hiệu quả Kế hoạch này. Trong quá trình triển khai thực hiện, nếu phát sinh những khó khăn, vướng mắc kịp thời báo cáo UBND xã (qua Văn phòng) để được xem xét, giải quyết./.'),

]


def _plan_appendix():
    """SAMPLE DATA: one remedial task per row (not in the seed)."""
    def row(tt, nd, ct, ph, th, sp):
        return {"tt": tt, "noi_dung": RichText(nd), "chu_tri": ct, "phoi_hop": ph,
                "thoi_han": th, "san_pham": RichText(sp)}
    return {
        "nhan": "Phụ lục",
        "tieu_de": "DANH MỤC NHIỆM VỤ KHẮC PHỤC TỒN TẠI, HẠN CHẾ VÀ NÂNG CAO "
                   "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
        "kem_theo": "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng 3 "
                    "năm 2024 của Ủy ban nhân dân xã Sơn Giang)",
        "nhom": [
            {"so": "I", "ten": "Công tác chỉ đạo điều hành cải cách hành chính",
             "dong": [
                 row("1", "Ban hành kế hoạch tuyên truyền CCHC năm 2024",
                     "Văn phòng - Thống kê", "Văn hóa - Xã hội",
                     "Tháng 4/2024", "Kế hoạch"),
                 row("2", "Khảo sát sự hài lòng của người dân, tổ chức "
                     "& doanh nghiệp (mẫu phiếu <= 10 câu)",
                     "Văn phòng - Thống kê", "Công an xã; các thôn",
                     "Hằng quý", "Báo cáo kết quả khảo sát"),
             ]},
            {"so": "II", "ten": "Cải cách thủ tục hành chính",
             "dong": [
                 row("3", "Niêm yết, công khai bộ TTHC tại Bộ phận tiếp nhận "
                     "và trả kết quả", "Tư pháp - Hộ tịch",
                     "Văn phòng - Thống kê", "Thường xuyên",
                     "Bộ TTHC được niêm yết"),
                 row("4", "Xử lý dứt điểm hồ sơ trễ hạn trên Hệ thống một cửa "
                     "điện tử (tỷ lệ trễ hạn > 0% phải giải trình)",
                     "Tư pháp - Hộ tịch", "Địa chính - Xây dựng",
                     "Hằng tháng", "Hồ sơ đúng hạn 100%"),
             ]},
            {"so": "III", "ten": "Chính quyền điện tử, chính quyền số",
             "dong": [
                 row("5", "Xây dựng kế hoạch chuyển đổi số năm 2024",
                     "Văn hóa - Xã hội", "Văn phòng - Thống kê",
                     "30/4/2024", "Kế hoạch"),
             ]},
        ],
    }


def plan_context():
    return _header(
        so="Số:      /KH-UBND",
        ten_loai="KẾ HOẠCH",
        trich_yeu=_title("Khắc phục những tồn tại, hạn chế trong công tác cải cách "
                  "hành chính năm 2023, giải pháp nâng cao chỉ số cải cách "
                  "hành chính năm 2024"),
        than=_blocks(PLAN_BODY),
        phu_luc=_plan_appendix(),
    )


# The report's table of results by area, as documents/report.py gives it (a `bang` block).
AREA_HEADS = ["TT", "Lĩnh vực", "Số nhiệm vụ", "Hoàn thành đúng hạn",
              "Hoàn thành trễ hạn", "Đang thực hiện", "Chưa triển khai",
              "Quá hạn", "Tỷ lệ hoàn thành"]
AREA_SPANS = [3, 15, 4, 5, 5, 5, 5, 4, 4]


def report_context():
    """SAMPLE DATA: report on the plan (Quý I/2024), with its table of results by area."""
    def rrow(tt, nd, ct, th, td, tt2, gc):
        return {"tt": tt, "noi_dung": RichText(nd), "chu_tri": ct, "thoi_han": th,
                "tien_do": td, "tinh_trang": tt2, "ghi_chu": RichText(gc)}

    than = _blocks([
        ("doan", "Thực hiện Kế hoạch số 05/KH-UBND ngày 15/3/2024 của Ủy ban "
                 "nhân dân xã về khắc phục tồn tại, hạn chế trong công tác cải "
                 "cách hành chính năm 2023, Ủy ban nhân dân xã báo cáo kết quả "
                 "thực hiện quý I năm 2024 (số liệu từ ngày 15/12/2023 đến "
                 "ngày 14/3/2024) như sau:"),
        ("muc", "I. KẾT QUẢ THỰC HIỆN"),
        ("khoan", "1. Tình hình chung"),
        ("doan", "Tổng số nhiệm vụ trong kỳ là 5; kết quả cụ thể như sau:"),
    ]) + [
        _bang(AREA_HEADS, [
            ["I", "Công tác chỉ đạo điều hành & tuyên truyền", "2", "2", "0",
             "0", "0", "0", "100%"],
            ["II", "Cải cách thủ tục hành chính (< 3 ngày)", "3", "0", "0",
             "2", "0", "1", "0%"],
            ["", "Tổng cộng", "5", "2", "0", "2", "0", "1", "40%"],
        ], AREA_SPANS, [True, False] + [True] * 7),
        {"loai": "bieu_do", "noi_dung": RichText(""), "dong": []},
    ] + _blocks([
        ("khoan", "2. Kết quả theo từng lĩnh vực"),
        ("doan", "a) Công tác chỉ đạo điều hành: đã ban hành Kế hoạch tuyên "
                 "truyền CCHC năm 2024; tổ chức khảo sát sự hài lòng của "
                 "người dân quý I với 120 phiếu."),
        ("doan", "b) Cải cách thủ tục hành chính: 100% TTHC được niêm yết "
                 "công khai; còn 01 hồ sơ trễ hạn (tỷ lệ > 0%)."),
        ("muc", "II. ĐÁNH GIÁ CHUNG"),
        ("khoan", "1. Ưu điểm"),
        ("doan", "Các công chức chuyên môn chủ động triển khai nhiệm vụ được "
                 "giao, bám sát Kế hoạch."),
        ("khoan", "2. Tồn tại, hạn chế và nguyên nhân"),
        ("doan", "Việc cập nhật hồ sơ trên Hệ thống một cửa điện tử còn "
                 "chậm; nguyên nhân chủ yếu do đường truyền không ổn định."),
        ("muc", "III. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2024"),
        ("doan", "1. Hoàn thành Kế hoạch chuyển đổi số năm 2024 trước ngày "
                 "30/4/2024."),
        ("doan", "2. Xử lý dứt điểm hồ sơ trễ hạn; không để phát sinh hồ sơ "
                 "trễ hạn mới./."),
    ])
    ctx = _header(
        so="Số:      /BC-UBND",
        dia_danh_ngay="Sơn Giang, ngày      tháng 3 năm 2024",
        ten_loai="BÁO CÁO",
        trich_yeu=_title("Kết quả thực hiện Kế hoạch khắc phục tồn tại, hạn chế "
                  "trong công tác cải cách hành chính quý I năm 2024"),
        kinh_gui=["Kính gửi: Ủy ban nhân dân huyện Hương Sơn."],
        than=than,
        bieu_do="",  # the built report puts a picture here (tests/test_report.py)
        phu_luc={
            "nhan": "Phụ lục",
            "tieu_de": "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ QUÝ I NĂM 2024",
            "kem_theo": "(Kèm theo Báo cáo số      /BC-UBND ngày      tháng 3 "
                        "năm 2024 của Ủy ban nhân dân xã Sơn Giang)",
            "nhom": [
                {"so": "I", "ten": "Công tác chỉ đạo điều hành cải cách "
                                   "hành chính", "dong": [
                    rrow("1", "Ban hành kế hoạch tuyên truyền CCHC năm 2024",
                         "Văn phòng - Thống kê", "Tháng 4/2024", "100%",
                         "Hoàn thành đúng hạn", ""),
                    rrow("2", "Khảo sát sự hài lòng của người dân & doanh "
                         "nghiệp", "Văn phòng - Thống kê", "Hằng quý", "100%",
                         "Hoàn thành đúng hạn", "120 phiếu"),
                ]},
                {"so": "II", "ten": "Cải cách thủ tục hành chính", "dong": [
                    rrow("3", "Xử lý hồ sơ trễ hạn trên Hệ thống một cửa điện "
                         "tử", "Tư pháp - Hộ tịch", "Hằng tháng", "80%",
                         "Quá hạn", "Còn 01 hồ sơ (> 0%)"),
                ]},
            ],
        },
    )
    ctx["noi_nhan"] = ["- Như trên;", "- TT Đảng ủy, TT HĐND xã;",
                       "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT."]
    return ctx


NOTICE_HEADS = ["TT", "Nhiệm vụ", "Vai trò", "Thời hạn", "Sản phẩm"]
NOTICE_SPANS = [3, 22, 6, 8, 11]  # of the 50 grid columns of a body table


def notice_context():
    """SAMPLE DATA: assignment notice citing the plan."""
    def nrow(tt, nd, vt, th, sp):
        return [tt, nd, vt, th, sp]

    def tasks(*rows):
        return _bang(NOTICE_HEADS, rows, NOTICE_SPANS, [True, False, True, True, False])
    than = _blocks([
        ("doan", "Thực hiện Kế hoạch số 05/KH-UBND ngày 15/3/2024 của Ủy ban "
                 "nhân dân xã về khắc phục tồn tại, hạn chế trong công tác cải "
                 "cách hành chính năm 2023, giải pháp nâng cao chỉ số cải cách "
                 "hành chính năm 2024, Ủy ban nhân dân xã thông báo phân công "
                 "nhiệm vụ cho các công chức chuyên môn như sau:"),
        ("khoan", "1. Công chức Văn phòng - Thống kê (ông Trần Văn An)"),
    ]) + [
        tasks(
            nrow("1", "Ban hành kế hoạch tuyên truyền CCHC năm 2024",
                 "Chủ trì", "Tháng 4/2024", "Kế hoạch"),
            nrow("2", "Khảo sát sự hài lòng của người dân & doanh nghiệp "
                 "(<= 10 câu hỏi)", "Chủ trì", "Hằng quý",
                 "Báo cáo kết quả khảo sát"),
            nrow("3", "Niêm yết, công khai bộ TTHC", "Phối hợp",
                 "Thường xuyên", "Bộ TTHC được niêm yết"),
        ),
    ] + _blocks([
        ("khoan", "2. Công chức Tư pháp - Hộ tịch (bà Lê Thị Bình)"),
    ]) + [
        tasks(
            nrow("1", "Niêm yết, công khai bộ TTHC tại Bộ phận tiếp nhận và "
                 "trả kết quả", "Chủ trì", "Thường xuyên",
                 "Bộ TTHC được niêm yết"),
            nrow("2", "Xử lý dứt điểm hồ sơ trễ hạn (tỷ lệ > 0% phải giải "
                 "trình)", "Chủ trì", "Hằng tháng", "Hồ sơ đúng hạn 100%"),
        ),
    ] + _blocks([
        ("doan", "Các công chức được phân công có trách nhiệm triển khai thực "
                 "hiện nhiệm vụ đúng thời hạn; định kỳ trước ngày 14 của tháng "
                 "cuối quý báo cáo kết quả về Ủy ban nhân dân xã (qua Văn "
                 "phòng) để tổng hợp./."),
    ])
    ctx = _header(
        so="Số:      /TB-UBND",
        ten_loai="THÔNG BÁO",
        trich_yeu=_title("Phân công nhiệm vụ thực hiện Kế hoạch khắc phục tồn tại, "
                  "hạn chế trong công tác cải cách hành chính năm 2024"),
        than=than,
        tham_quyen=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        nguoi_ky="Phan Văn Cường",
    )
    ctx["noi_nhan"] = ["- Các công chức có tên tại Thông báo;",
                       "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT."]
    return ctx


CONTEXTS = {
    "ke-hoach": plan_context,
    "bao-cao-quy": report_context,
    "thong-bao-phan-cong": notice_context,
}
