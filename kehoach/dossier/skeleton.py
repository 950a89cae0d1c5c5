"""A blank, commented dossier that builds at once: one area, one task, to be filled in by the clerk. Pure."""
from __future__ import annotations

ORGANISATION = '''\
# CƠ QUAN BAN HÀNH, NGƯỜI KÝ VÀ CÁC CÔNG CHỨC ĐƯỢC GIAO NHIỆM VỤ
# Mọi giá trị viết như trên văn bản; chữ in hoa ở phần đầu văn bản do chương trình tự chuyển.
# Thay “Tên Xã” và các chức danh dưới đây bằng của xã mình.

# Cơ quan chủ quản trực tiếp (dòng trên, chữ in hoa không đậm). Từ 01/7/2025 không còn cấp huyện:
# để trống hoặc ghi cơ quan cấp tỉnh.
co_quan_chu_quan: ""

# Tên cơ quan ban hành, đầy đủ và viết tắt (dùng khi trích dẫn: "... của UBND xã Tên Xã").
co_quan: "Ủy ban nhân dân xã Tên Xã"
ten_viet_tat: "UBND xã Tên Xã"
# Các dòng tên cơ quan ở góc trái phần đầu văn bản (chương trình tự in hoa).
dong_ten_co_quan:
  - "Ủy ban nhân dân"
  - "xã Tên Xã"
# Chữ viết tắt tên cơ quan trong ký hiệu văn bản: Số: 05/KH-UBND
ky_hieu: "UBND"
# Địa danh ghi ở dòng ngày tháng: "Tên Xã, ngày ... tháng ... năm ..."
dia_danh: "Tên Xã"

# Người ký văn bản (thẩm quyền, chức vụ, họ tên)
nguoi_ky:
  tham_quyen: "TM. Ủy ban nhân dân"
  chuc_vu: "Chủ tịch"
  ho_ten: "Họ và tên Chủ tịch"

# Nơi được giao nhiệm vụ: công chức (can_bo) và/hoặc đơn vị (don_vi), có ít nhất một danh sách.
# "ma" là mã ngắn để các tệp khác gọi tới (chỉ chữ thường, số, dấu gạch); mã của đơn vị và công chức
# không được trùng nhau. Công chức có thể chỉ ghi chức danh; "ho_ten" không bắt buộc.
# Xã sau sắp xếp (từ 01/7/2025) thường giao việc cho đơn vị: bỏ dấu "# " ở đầu các dòng dưới đây,
# ghi các đơn vị của xã, rồi dùng mã đơn vị ở chu_tri, phoi_hop trong nhiem-vu.yaml.
# don_vi:
#   - ma: van-phong-hdnd-ubnd
#     ten: "Văn phòng HĐND và UBND"
#   - ma: phong-kinh-te
#     ten: "Phòng Kinh tế"
can_bo:
  - ma: chu-tich
    chuc_danh: "Chủ tịch UBND xã"
  - ma: van-phong
    chuc_danh: "Công chức Văn phòng - Thống kê"
'''

PLAN = '''\
# KẾ HOẠCH — nội dung văn bản kế hoạch, đúng thứ tự trên văn bản. Hồ sơ mới: thay các dòng mẫu
# bằng nội dung thật. Không gõ số thứ tự (I., 1., 1.1., a), -): chương trình tự đánh số theo
# Nghị định 30/2020/NĐ-CP. In nghiêng: *như thế này*; in đậm: **như thế này**; đậm nghiêng:
# ***như thế này***. Muốn in dấu sao thì viết \\* (trong dấu nháy kép phải viết "\\\\*").
# Chỉ tệp này và co-quan.yaml là bắt buộc: không có nhiem-vu.yaml thì kế hoạch không kèm Phụ lục;
# báo cáo (bao-cao.yaml) và thông báo phân công (thong-bao.yaml) chỉ dựng khi có các tệp đó.

# Mã hồ sơ (tên thư mục): đứng đầu mã mỗi văn bản, ví dụ {name}/ke-hoach.
ma_ho_so: "{name}"
# Chữ viết tắt loại văn bản (Phụ lục III NĐ 30): KH = Kế hoạch.
loai: "KH"
# Tháng, năm dự kiến ký (bản nháp để trống ngày và số; Văn thư điền khi ban hành).
thang: {month}
nam: {year}
# Trích yếu nội dung (dòng dưới chữ KẾ HOẠCH)
trich_yeu: "Thực hiện các nhiệm vụ trọng tâm của Ủy ban nhân dân xã trong năm {year}"

# Các đoạn mở đầu (trước mục I)
mo_dau:
  - "Căn cứ tình hình thực tế của địa phương, Ủy ban nhân dân xã ban hành Kế hoạch thực hiện nhiệm vụ năm {year} như sau:"

# Các mục (I, II, III ...). Mỗi mục có tieu_de (tên mục) và noi_dung: danh sách các phần theo đúng
# thứ tự trên văn bản; mỗi phần là một đoạn chữ (đoạn văn không đánh số), hoặc một trong:
#   - khoan: "Tên khoản"            # 1. — có noi_dung thì là tên khoản in đậm, không có thì là một câu
#     noi_dung: [...]
#   - tieu_khoan: "Tên tiểu khoản"  # 1.1. (chỉ đặt trong một khoản)
#     noi_dung: [...]
#   - diem: "Nội dung điểm"          # a), b) ...; noi_dung của điểm (nếu có) chứa các ý
#   - y: "Nội dung ý"                # - (gạch đầu dòng)
#   - bang:                          # bảng: dòng tiêu đề (cot) và các dòng (dong)
#       cot: ["TT", "Chỉ tiêu", "Năm {year}"]
#       dong:
#         - ["1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "100%"]
muc:
  - tieu_de: "Mục đích, yêu cầu"
    noi_dung:
      - khoan: "Mục đích"
        noi_dung:
          - "Mục đích của kế hoạch."
      - khoan: "Yêu cầu"
        noi_dung:
          - "Yêu cầu đối với việc thực hiện kế hoạch."

  # Mục II: mỗi khoản là một lĩnh vực; Phụ lục nhiệm vụ (nhiem-vu.yaml) theo đúng các khoản này.
  - tieu_de: "Nhiệm vụ và giải pháp"
    noi_dung:
      - khoan: "Lĩnh vực thứ nhất"
        noi_dung:
          - diem: "Giải pháp thứ nhất của lĩnh vực."

  # Một mục có thể chỉ gồm đoạn văn, hoặc khoản không tên (một câu đánh số "1. ...").
  - tieu_de: "Tổ chức thực hiện"
    noi_dung:
      - khoan: "Các công chức được giao nhiệm vụ tại Phụ lục kèm theo Kế hoạch này chủ động tổ chức thực hiện, báo cáo kết quả về Văn phòng UBND xã."

# Đoạn kết (sau các mục); dấu "./." ở cuối đánh dấu hết văn bản.
ket_thuc:
  - "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc kịp thời báo cáo UBND xã (qua Văn phòng) để được xem xét, giải quyết./."

# Nơi nhận: mỗi dòng một nơi, không gõ dấu "-" đầu dòng và dấu ";" cuối dòng (chương trình tự thêm).
# Dòng cuối phải là "Lưu: VT" (bản gốc lưu tại Văn thư), có thể thêm đơn vị soạn thảo: "Lưu: VT, VP".
noi_nhan:
  - "TT Đảng ủy, TT HĐND xã"
  - "Chủ tịch, các PCT UBND xã"
  - "Các công chức chuyên môn"
  - "Lưu: VT"
'''

TASKS = '''\
# PHỤ LỤC NHIỆM VỤ kèm theo Kế hoạch: mỗi dòng là một nhiệm vụ ở Mục II của Kế hoạch.
# Hồ sơ mới: nhiệm vụ dưới đây là DỮ LIỆU MẪU; thay bằng nhiệm vụ thật rồi đổi thành
# “du_lieu_mau: false” trước khi ban hành. Xóa tệp này nếu kế hoạch không kèm Phụ lục.
du_lieu_mau: true

# Tên Phụ lục (in hoa khi dựng văn bản)
tieu_de: "Danh mục nhiệm vụ thực hiện Kế hoạch năm {year}"

# Các lĩnh vực, theo thứ tự các khoản của Mục II trong ke-hoach.yaml (khoan: 1 là khoản 1 ...).
# Mỗi nhiệm vụ:
#   ma        - mã nhiệm vụ, duy nhất (tiến độ trong tien-do.yaml gọi theo mã này)
#   noi_dung  - nội dung ngắn gọn ghi trong Phụ lục
#   chu_tri   - mã đơn vị hoặc công chức chủ trì (xem don_vi, can_bo trong co-quan.yaml)
#   phoi_hop  - danh sách mã đơn vị hoặc công chức phối hợp (có thể bỏ trống)
#   thoi_han  - ngày/tháng/năm hoàn thành, hoặc một trong: thuong_xuyen, hang_thang, hang_quy, hang_nam
#   san_pham  - sản phẩm, kết quả đầu ra
linh_vuc:
  - khoan: 1
    nhiem_vu:
      - ma: "1a"
        noi_dung: "Nội dung nhiệm vụ thứ nhất"
        chu_tri: {lead}
        thoi_han: "31/12/{year}"
        san_pham: "Sản phẩm của nhiệm vụ"
'''

NOTICE = '''\
# THÔNG BÁO PHÂN CÔNG NHIỆM VỤ thực hiện Kế hoạch: mỗi công chức được giao những nhiệm vụ nào,
# chủ trì hay phối hợp, thời hạn và sản phẩm — lấy từ nhiem-vu.yaml, không gõ lại.
# Xóa tệp này nếu không ra thông báo phân công.

loai: "TB"
# Tháng, năm dự kiến ký
thang: {month}
nam: {year}
trich_yeu: "Phân công nhiệm vụ thực hiện Kế hoạch năm {year}"
# Đoạn kết
ket_thuc:
  - "Các công chức được phân công có trách nhiệm tổ chức thực hiện và báo cáo tiến độ về Văn phòng UBND xã./."
noi_nhan:
  - "Các công chức có tên tại Thông báo"
  - "Chủ tịch, các PCT UBND xã"
  - "Lưu: VT"
'''


def skeleton(name: str, year: int, month: int, organisation: str | None, lead: str) -> dict[str, str]:
    """Return the files of a new dossier `name` (file name → text); `organisation` is a co-quan.yaml to reuse."""
    values = {"name": name, "year": year, "month": month, "lead": lead}
    return {
        "co-quan.yaml": organisation if organisation is not None else ORGANISATION,
        "ke-hoach.yaml": PLAN.format(**values),
        "nhiem-vu.yaml": TASKS.format(**values),
        "thong-bao.yaml": NOTICE.format(**values),
    }
