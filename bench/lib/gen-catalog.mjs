// Generated catalogs for the benchmarks, in the directory form of
// docs/catalog-format.md (catalog.json + procedures/<code>.json, plus
// examples/<code>.json for the big forms). Deterministic: the same seed gives
// the same files, byte for byte.
//
// - searchCatalog(): N small, valid procedures with realistic Vietnamese names
//   (action × object × qualifier × applicant, per field of work), national-style
//   codes (1.0xxxxx, some 2.00xxxx / 3.000xxx), keywords, fees, documents.
// - bigFormProcedure(): one form of 1,000 fields on ONE step (groups of 20
//   fields of every simple widget: text, number, date, select, radio, checkbox,
//   cccd, phone; `required`, patterns and formats).
// - repeatProcedure(): one repeat group whose schema has minItems: 100 (the app
//   starts it with 100 empty items), each item 5 fields.
//
//   node bench/lib/gen-catalog.mjs <dir> [--count 6000] [--seed 1] [--forms]
//
// `--forms` writes the two big forms (and their examples) instead of the
// search catalog.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Codes of the two big forms in the forms catalog. */
export const BIG_FORM_CODE = '1.091000';
export const REPEAT_FORM_CODE = '1.090100';

// ─── Seeded randomness ──────────────────────────────────────────────────────

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const chance = (p) => next() < p;
  const some = (xs, lo, hi) => {
    const copy = [...xs];
    const n = Math.min(copy.length, int(lo, hi));
    const out = [];
    for (let i = 0; i < n; i++) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
    return out;
  };
  return { next, int, pick, chance, some };
}

const T = (vi, en) => ({ vi, en });

// ─── Names of procedures ────────────────────────────────────────────────────
// Per field of work (lĩnh vực): actions, objects and qualifiers as [vi, en].

const FIELDS = [
  {
    id: 'ho-tich', name: T('Hộ tịch', 'Civil status'), level: 'commune', agency: T('Ủy ban nhân dân cấp xã', "Commune-level People's Committee"),
    actions: [['Đăng ký', 'Registration of'], ['Đăng ký lại', 'Re-registration of'], ['Cấp bản sao trích lục', 'Copy of the extract of'], ['Ghi vào Sổ hộ tịch việc', 'Recording in the civil register of'], ['Cải chính', 'Correction of']],
    objects: [['khai sinh', 'birth'], ['kết hôn', 'marriage'], ['khai tử', 'death'], ['nhận cha, mẹ, con', 'recognition of parent or child'], ['giám hộ', 'guardianship'], ['thay đổi, cải chính hộ tịch', 'change of civil status'], ['xác định lại dân tộc', 'redetermination of ethnicity']],
    qualifiers: [['', ''], ['có yếu tố nước ngoài', 'with a foreign element'], ['ở khu vực biên giới', 'in a border area'], ['lưu động', 'by a mobile team'], ['kết hợp nhận cha, mẹ, con', 'combined with recognition of parenthood'], ['cho người đã có hồ sơ, giấy tờ cá nhân', 'for a person with personal papers']],
    keywords: ['giấy khai sinh', 'trích lục', 'hộ tịch', 'làm khai sinh', 'giấy chứng tử', 'đăng ký kết hôn', 'TK01'],
  },
  {
    id: 'xay-dung', name: T('Hoạt động xây dựng', 'Construction'), level: 'commune', agency: T('Ủy ban nhân dân cấp xã', "Commune-level People's Committee"),
    actions: [['Cấp giấy phép', 'Permit for'], ['Điều chỉnh giấy phép', 'Amended permit for'], ['Gia hạn giấy phép', 'Extension of the permit for'], ['Cấp lại giấy phép', 'Reissue of the permit for'], ['Thẩm định hồ sơ', 'Appraisal of the dossier for']],
    objects: [['xây dựng mới', 'new construction'], ['sửa chữa, cải tạo', 'repair and renovation'], ['di dời công trình', 'relocation of a structure'], ['xây dựng có thời hạn', 'temporary construction'], ['xây dựng theo giai đoạn', 'construction in phases'], ['phá dỡ công trình', 'demolition']],
    qualifiers: [['đối với nhà ở riêng lẻ', 'of a detached house'], ['đối với công trình cấp III, cấp IV', 'of a grade III or IV structure'], ['đối với công trình tín ngưỡng', 'of a place of worship'], ['đối với công trình quảng cáo', 'of an advertising structure'], ['trong đô thị', 'in an urban area'], ['tại nông thôn', 'in a rural area'], ['đối với công trình hạ tầng kỹ thuật', 'of technical infrastructure']],
    keywords: ['giấy phép xây dựng', 'xin phép xây nhà', 'GPXD', 'sửa nhà', 'xây nhà'],
  },
  {
    id: 'cu-tru', name: T('Đăng ký, quản lý cư trú', 'Residence'), level: 'commune', agency: T('Công an cấp xã', 'Commune police'),
    actions: [['Đăng ký', 'Registration of'], ['Xóa đăng ký', 'Cancellation of'], ['Điều chỉnh thông tin về', 'Update of'], ['Gia hạn', 'Extension of'], ['Khai báo', 'Declaration of']],
    objects: [['thường trú', 'permanent residence'], ['tạm trú', 'temporary residence'], ['tạm vắng', 'temporary absence'], ['lưu trú', 'overnight stay'], ['tách hộ', 'household split']],
    qualifiers: [['', ''], ['tại chỗ ở hợp pháp do thuê, mượn', 'at a rented or borrowed home'], ['tại cơ sở tín ngưỡng, tôn giáo', 'at a religious establishment'], ['trên phương tiện', 'on a vessel or vehicle'], ['tại đơn vị đóng quân', 'at a military unit'], ['cho người chưa thành niên', 'for a minor']],
    keywords: ['hộ khẩu', 'CT01', 'nhập khẩu', 'tạm trú', 'KT3', 'cư trú'],
  },
  {
    id: 'dat-dai', name: T('Đất đai', 'Land'), level: 'province', agency: T('Văn phòng đăng ký đất đai', 'Land registration office'),
    actions: [['Đăng ký', 'Registration of'], ['Cấp Giấy chứng nhận', 'Certificate for'], ['Cấp đổi Giấy chứng nhận', 'Replacement certificate for'], ['Đính chính Giấy chứng nhận', 'Correction of the certificate for'], ['Xác nhận', 'Confirmation of']],
    objects: [['quyền sử dụng đất', 'land-use rights'], ['chuyển nhượng quyền sử dụng đất', 'transfer of land-use rights'], ['thừa kế quyền sử dụng đất', 'inheritance of land-use rights'], ['tặng cho quyền sử dụng đất', 'gift of land-use rights'], ['tách thửa, hợp thửa', 'split or merger of plots'], ['chuyển mục đích sử dụng đất', 'change of land use'], ['thế chấp quyền sử dụng đất', 'mortgage of land-use rights']],
    qualifiers: [['', ''], ['lần đầu', 'for the first time'], ['và tài sản gắn liền với đất', 'and attached assets'], ['do bị mất', 'after loss'], ['theo bản án, quyết định của tòa án', 'following a court decision'], ['trong khu công nghiệp', 'in an industrial zone']],
    keywords: ['sổ đỏ', 'sổ hồng', 'giấy chứng nhận quyền sử dụng đất', 'sang tên sổ đỏ', 'tách thửa'],
  },
  {
    id: 'ho-kinh-doanh', name: T('Thành lập và hoạt động của hộ kinh doanh', 'Household businesses'), level: 'commune', agency: T('Ủy ban nhân dân cấp xã', "Commune-level People's Committee"),
    actions: [['Đăng ký', 'Registration of'], ['Đăng ký thay đổi', 'Change registration of'], ['Tạm ngừng', 'Suspension of'], ['Chấm dứt', 'Closure of'], ['Cấp lại Giấy chứng nhận đăng ký', 'Reissue of the registration certificate of']],
    objects: [['thành lập hộ kinh doanh', 'a new household business'], ['nội dung đăng ký hộ kinh doanh', 'household business details'], ['hoạt động kinh doanh', 'business activity'], ['địa điểm kinh doanh', 'business location'], ['ngành, nghề kinh doanh', 'business lines']],
    qualifiers: [['', ''], ['khi chuyển địa chỉ trụ sở', 'after moving premises'], ['do thay đổi chủ hộ', 'after a change of owner'], ['trước thời hạn đã thông báo', 'earlier than announced'], ['do bị mất, hư hỏng', 'after loss or damage']],
    keywords: ['giấy phép kinh doanh', 'mở quán', 'kinh doanh cá thể', 'hộ kinh doanh', 'mã số hộ kinh doanh'],
  },
  {
    id: 'doanh-nghiep', name: T('Thành lập và hoạt động của doanh nghiệp', 'Enterprises'), level: 'province', agency: T('Phòng Đăng ký kinh doanh, Sở Tài chính', 'Business registration office'),
    actions: [['Đăng ký thành lập', 'Incorporation of'], ['Đăng ký thay đổi nội dung', 'Change registration of'], ['Thông báo thay đổi', 'Notice of change for'], ['Giải thể', 'Dissolution of'], ['Tạm ngừng kinh doanh', 'Suspension of']],
    objects: [['công ty trách nhiệm hữu hạn một thành viên', 'a single-member limited company'], ['công ty trách nhiệm hữu hạn hai thành viên trở lên', 'a multi-member limited company'], ['công ty cổ phần', 'a joint-stock company'], ['công ty hợp danh', 'a partnership'], ['doanh nghiệp tư nhân', 'a private enterprise'], ['chi nhánh, văn phòng đại diện', 'a branch or representative office']],
    qualifiers: [['', ''], ['có vốn đầu tư nước ngoài', 'with foreign investment'], ['do chuyển đổi loại hình', 'after conversion'], ['theo quyết định của tòa án', 'by court decision'], ['trong trường hợp chia, tách, hợp nhất', 'after a split or merger']],
    keywords: ['giấy phép kinh doanh', 'mở công ty', 'đăng ký doanh nghiệp', 'mã số doanh nghiệp', 'ĐKKD'],
  },
  {
    id: 'giao-thong', name: T('Đường bộ', 'Road transport'), level: 'province', agency: T('Sở Xây dựng', 'Department of Construction'),
    actions: [['Cấp', 'Issue of'], ['Cấp lại', 'Reissue of'], ['Đổi', 'Exchange of'], ['Gia hạn', 'Extension of'], ['Thu hồi', 'Revocation of']],
    objects: [['giấy phép lái xe', 'a driving licence'], ['phù hiệu xe kinh doanh vận tải', 'a transport business badge'], ['giấy phép kinh doanh vận tải bằng xe ô tô', 'a road transport business licence'], ['giấy phép lưu hành xe quá tải trọng', 'an oversize vehicle permit'], ['biển hiệu xe ô tô phục vụ du lịch', 'a tourist vehicle plate']],
    qualifiers: [['', ''], ['do ngành Giao thông vận tải cấp', 'issued by the transport sector'], ['do nước ngoài cấp', 'issued abroad'], ['quốc tế', 'international'], ['hạng A1, A, B', 'class A1, A, B'], ['cho xe tuyến cố định', 'for a fixed route']],
    keywords: ['bằng lái xe', 'đổi bằng lái', 'GPLX', 'phù hiệu', 'xe tải'],
  },
  {
    id: 'lao-dong', name: T('Việc làm, lao động', 'Employment'), level: 'province', agency: T('Sở Nội vụ', 'Department of Home Affairs'),
    actions: [['Cấp', 'Issue of'], ['Cấp lại', 'Reissue of'], ['Gia hạn', 'Extension of'], ['Xác nhận', 'Confirmation of'], ['Đề nghị hưởng', 'Claim for']],
    objects: [['giấy phép lao động', 'a work permit'], ['trợ cấp thất nghiệp', 'unemployment benefit'], ['hỗ trợ học nghề', 'vocational training support'], ['người lao động nước ngoài không thuộc diện cấp giấy phép lao động', 'a work-permit exemption for a foreign worker'], ['đăng ký nội quy lao động', 'company work rules']],
    qualifiers: [['', ''], ['cho người lao động nước ngoài', 'for a foreign worker'], ['tại doanh nghiệp trong khu công nghiệp', 'in an industrial-zone company'], ['trực tuyến', 'online'], ['khi chấm dứt hợp đồng lao động', 'after a contract ends']],
    keywords: ['thất nghiệp', 'bảo hiểm thất nghiệp', 'work permit', 'giấy phép lao động', 'việc làm'],
  },
  {
    id: 'bao-hiem', name: T('Bảo hiểm xã hội, bảo hiểm y tế', 'Social and health insurance'), level: 'province', agency: T('Bảo hiểm xã hội cấp tỉnh', 'Provincial social insurance'),
    actions: [['Đăng ký', 'Registration of'], ['Cấp lại', 'Reissue of'], ['Điều chỉnh', 'Update of'], ['Giải quyết hưởng', 'Payment of'], ['Gia hạn', 'Renewal of']],
    objects: [['thẻ bảo hiểm y tế', 'a health insurance card'], ['sổ bảo hiểm xã hội', 'a social insurance book'], ['chế độ thai sản', 'maternity benefit'], ['chế độ ốm đau', 'sickness benefit'], ['bảo hiểm xã hội một lần', 'a lump-sum social insurance payment'], ['lương hưu', 'a pension']],
    qualifiers: [['', ''], ['cho người tham gia tự nguyện', 'for a voluntary contributor'], ['do bị mất, hỏng', 'after loss or damage'], ['đối với hộ gia đình', 'for a household'], ['cho học sinh, sinh viên', 'for pupils and students']],
    keywords: ['BHYT', 'BHXH', 'thẻ bảo hiểm', 'thai sản', 'rút bảo hiểm một lần'],
  },
  {
    id: 'giao-duc', name: T('Giáo dục và đào tạo', 'Education'), level: 'province', agency: T('Sở Giáo dục và Đào tạo', 'Department of Education and Training'),
    actions: [['Cấp', 'Issue of'], ['Cấp bản sao', 'Copy of'], ['Chỉnh sửa nội dung', 'Correction of'], ['Công nhận', 'Recognition of'], ['Xác nhận', 'Confirmation of']],
    objects: [['văn bằng, chứng chỉ', 'a diploma or certificate'], ['bằng tốt nghiệp trung học phổ thông', 'a secondary school diploma'], ['chuyển trường', 'a school transfer'], ['văn bằng do cơ sở nước ngoài cấp', 'a foreign diploma'], ['hoạt động dạy thêm, học thêm', 'private tutoring']],
    qualifiers: [['', ''], ['từ sổ gốc', 'from the master register'], ['đối với học sinh trung học cơ sở', 'for lower-secondary pupils'], ['đối với học sinh trung học phổ thông', 'for upper-secondary pupils'], ['cho người nước ngoài', 'for foreigners']],
    keywords: ['bằng tốt nghiệp', 'chuyển trường', 'công nhận văn bằng', 'bản sao bằng'],
  },
  {
    id: 'y-te', name: T('Khám bệnh, chữa bệnh', 'Health care'), level: 'province', agency: T('Sở Y tế', 'Department of Health'),
    actions: [['Cấp', 'Issue of'], ['Cấp lại', 'Reissue of'], ['Điều chỉnh', 'Amendment of'], ['Gia hạn', 'Extension of'], ['Cấp giấy phép hoạt động', 'Operating licence for']],
    objects: [['giấy phép hành nghề khám bệnh, chữa bệnh', 'a medical practising licence'], ['phòng khám chuyên khoa', 'a specialist clinic'], ['nhà thuốc', 'a pharmacy'], ['giấy chứng nhận đủ điều kiện kinh doanh dược', 'a pharmaceutical business certificate'], ['cơ sở dịch vụ thẩm mỹ', 'a beauty service establishment']],
    qualifiers: [['', ''], ['đối với bác sĩ', 'for doctors'], ['đối với điều dưỡng', 'for nurses'], ['do thay đổi phạm vi hoạt động', 'after a change of scope'], ['do bị mất, hư hỏng', 'after loss or damage']],
    keywords: ['chứng chỉ hành nghề', 'mở phòng khám', 'nhà thuốc', 'giấy phép y tế'],
  },
  {
    id: 'tu-phap', name: T('Lý lịch tư pháp', 'Criminal records'), level: 'province', agency: T('Sở Tư pháp', 'Department of Justice'),
    actions: [['Cấp', 'Issue of'], ['Cấp lại', 'Reissue of'], ['Đính chính', 'Correction of'], ['Xác minh', 'Verification of']],
    objects: [['Phiếu lý lịch tư pháp số 1', 'criminal record certificate no. 1'], ['Phiếu lý lịch tư pháp số 2', 'criminal record certificate no. 2'], ['thông tin lý lịch tư pháp', 'criminal record information']],
    qualifiers: [['', ''], ['cho công dân Việt Nam', 'for Vietnamese citizens'], ['cho người nước ngoài đã cư trú tại Việt Nam', 'for foreigners who have resided in Vietnam'], ['theo yêu cầu của cơ quan tiến hành tố tụng', 'at the request of a court or prosecutor'], ['qua ứng dụng VNeID', 'through VNeID']],
    keywords: ['lý lịch tư pháp', 'LLTP', 'xin lý lịch', 'phiếu số 1', 'phiếu số 2'],
  },
  {
    id: 'moi-truong', name: T('Môi trường', 'Environment'), level: 'province', agency: T('Sở Nông nghiệp và Môi trường', 'Department of Agriculture and Environment'),
    actions: [['Cấp', 'Issue of'], ['Cấp điều chỉnh', 'Amendment of'], ['Cấp lại', 'Reissue of'], ['Thẩm định', 'Appraisal of'], ['Đăng ký', 'Registration of']],
    objects: [['giấy phép môi trường', 'an environmental permit'], ['báo cáo đánh giá tác động môi trường', 'an environmental impact report'], ['giấy phép khai thác nước dưới đất', 'a groundwater permit'], ['giấy phép xả nước thải vào nguồn nước', 'a wastewater discharge permit'], ['chủ nguồn thải chất thải nguy hại', 'a hazardous waste generator']],
    qualifiers: [['', ''], ['đối với dự án đầu tư nhóm II', 'for group II projects'], ['đối với cơ sở đang hoạt động', 'for operating facilities'], ['với quy mô dưới 3.000 m³/ngày đêm', 'under 3,000 m³ per day'], ['trong khu công nghiệp', 'in an industrial zone']],
    keywords: ['giấy phép môi trường', 'ĐTM', 'xả thải', 'khai thác nước'],
  },
  {
    id: 'van-hoa', name: T('Văn hóa, thể thao, du lịch', 'Culture, sport and tourism'), level: 'province', agency: T('Sở Văn hóa, Thể thao và Du lịch', 'Department of Culture, Sport and Tourism'),
    actions: [['Cấp', 'Issue of'], ['Cấp đổi', 'Exchange of'], ['Cấp lại', 'Reissue of'], ['Thông báo', 'Notice of'], ['Công nhận', 'Recognition of']],
    objects: [['giấy phép kinh doanh dịch vụ lữ hành nội địa', 'a domestic travel agency licence'], ['thẻ hướng dẫn viên du lịch', 'a tour guide card'], ['giấy phép tổ chức lễ hội', 'a festival permit'], ['giấy chứng nhận đủ điều kiện kinh doanh karaoke', 'a karaoke business certificate'], ['hạng cơ sở lưu trú du lịch', 'a tourist accommodation rating']],
    qualifiers: [['', ''], ['quốc tế', 'international'], ['tại điểm', 'on site'], ['do hết hạn', 'after expiry'], ['đối với khách sạn 1 sao, 2 sao', 'for 1- and 2-star hotels']],
    keywords: ['thẻ hướng dẫn viên', 'lữ hành', 'karaoke', 'lễ hội', 'khách sạn'],
  },
  {
    id: 'nong-nghiep', name: T('Nông nghiệp', 'Agriculture'), level: 'commune', agency: T('Ủy ban nhân dân cấp xã', "Commune-level People's Committee"),
    actions: [['Cấp', 'Issue of'], ['Cấp lại', 'Reissue of'], ['Xác nhận', 'Confirmation of'], ['Hỗ trợ', 'Support for'], ['Đăng ký', 'Registration of']],
    objects: [['giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm', 'a food safety certificate'], ['kinh tế trang trại', 'a farm business'], ['khai thác thủy sản', 'fishing'], ['chuyển đổi cơ cấu cây trồng trên đất trồng lúa', 'crop conversion on rice land'], ['nuôi trồng thủy sản lồng bè', 'cage aquaculture']],
    qualifiers: [['', ''], ['đối với hộ gia đình, cá nhân', 'for households and individuals'], ['do thiên tai, dịch bệnh', 'after natural disaster or epidemic'], ['trên địa bàn xã', 'in the commune'], ['đối với tàu cá có chiều dài dưới 12 mét', 'for fishing boats under 12 m']],
    keywords: ['an toàn thực phẩm', 'trang trại', 'tàu cá', 'thủy sản'],
  },
];

/** Who applies: multiplies the combinations without odd wording. */
const APPLICANTS = [['', ''], ['cho cá nhân', 'for individuals'], ['cho tổ chức', 'for organisations'], ['cho doanh nghiệp', 'for businesses']];

const join_ = (...parts) => parts.filter(Boolean).join(' ');

/** Every distinct name of every field, in a stable order. */
function allNames() {
  const out = [];
  const seen = new Set();
  for (const f of FIELDS) {
    for (const [av, ae] of f.actions) {
      for (const [ov, oe] of f.objects) {
        for (const [qv, qe] of f.qualifiers) {
          if (qv && qv.includes(ov)) continue; // "nhận cha, mẹ, con kết hợp nhận cha, mẹ, con"
          for (const [pv, pe] of APPLICANTS) {
            // "… cho người nước ngoài cho cá nhân": one beneficiary at most.
            if (pv && /(^| )(cho|đối với) /.test(qv)) continue;
            const vi = join_(av, ov, qv, pv);
            if (seen.has(vi)) continue;
            seen.add(vi);
            out.push({ field: f, vi, en: [join_(ae, oe), qe, pe].filter(Boolean).join(', '), object: ov });
          }
        }
      }
    }
  }
  return out;
}

// ─── Small procedures for the search catalog ────────────────────────────────

const PERSON_DEFS = {
  hoTen: { type: 'string', minLength: 2, maxLength: 100 },
  soDinhDanh: { type: 'string', format: 'cccd', pattern: '^[0-9]{12}$' },
  dienThoai: { type: 'string', format: 'vn-phone' },
};

const el = (scope, widget, vi, en, extra = {}) => ({ scope, widget, label: T(vi, en), ...extra });

/** A small valid form: the applicant and what they ask for; three variants. */
function smallForm(r, objectVi) {
  const variant = r.int(0, 2);
  const properties = {
    nguoiKhai: {
      type: 'object',
      additionalProperties: false,
      required: ['hoTen', 'soDinhDanh', 'dienThoai'],
      properties: { ...PERSON_DEFS },
    },
  };
  const required = ['nguoiKhai'];
  const elements = [
    el('/nguoiKhai/hoTen', 'text', 'Họ và tên', 'Full name', { placeholder: T('Ví dụ: Nguyễn Văn An', 'e.g. Nguyễn Văn An') }),
    el('/nguoiKhai/soDinhDanh', 'cccd', 'Số căn cước (số định danh cá nhân)', 'Personal identification number (CCCD)'),
    el('/nguoiKhai/dienThoai', 'phone', 'Số điện thoại', 'Phone number'),
  ];
  if (variant >= 1) {
    properties.noiDung = { type: 'string', minLength: 5, maxLength: 1000 };
    required.push('noiDung');
    elements.push(el('/noiDung', 'textarea', `Nội dung đề nghị về ${objectVi}`, 'What you ask for'));
  }
  if (variant === 2) {
    properties.soBan = { type: 'integer', minimum: 1, maximum: 10 };
    elements.push(el('/soBan', 'number', 'Số bản cần cấp', 'Number of copies'));
  }
  return {
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Tờ khai',
      type: 'object',
      additionalProperties: false,
      required,
      properties,
    },
    ui: { steps: [{ id: 'to-khai', title: T('Thông tin người đề nghị', 'Applicant'), elements }] },
  };
}

const DOCS = [
  { id: 'don-de-nghi', name: T('Đơn đề nghị có chữ ký', 'Signed application') },
  { id: 'giay-to-tuy-than', name: T('Ảnh căn cước hai mặt', 'Both sides of the identity card') },
  { id: 'ban-ve', name: T('Bản vẽ hoặc sơ đồ', 'Drawings or plan') },
];

function documents(r) {
  return r.some(DOCS, 0, 2).map((d) => {
    const required = r.chance(0.6);
    return {
      ...d,
      required,
      mediaTypes: ['image/jpeg', 'image/png', 'application/pdf'],
      maxBytes: r.pick([5242880, 10485760]),
      minFiles: required ? 1 : 0,
      maxFiles: r.int(1, 4),
    };
  });
}

function codes(r, count) {
  const set = new Set();
  while (set.size < count) {
    const kind = r.next();
    const code = kind < 0.8 ? `1.0${String(r.int(0, 99999)).padStart(5, '0')}`
      : kind < 0.93 ? `2.00${String(r.int(0, 9999)).padStart(4, '0')}`
        : `3.000${String(r.int(0, 999)).padStart(3, '0')}`;
    set.add(code);
  }
  return [...set].sort();
}

/** `count` small procedures, in code order. */
export function searchProcedures({ count = 6000, seed = 1 } = {}) {
  const r = rng(seed);
  const names = allNames();
  if (names.length < count) throw new Error(`only ${names.length} distinct names for ${count} procedures`);
  const chosen = r.some(names, count, count);
  const codeList = codes(r, count);
  return chosen.map((n, i) => {
    const f = n.field;
    const fees = r.chance(0.5)
      ? [{ label: T('Lệ phí (minh hoạ)', 'Fee (illustrative)'), online: r.int(0, 20) * 5000, offline: r.int(1, 20) * 5000 }]
      : [];
    return {
      code: codeList[i],
      name: T(n.vi, n.en),
      field: { id: f.id, name: f.name },
      level: r.chance(0.85) ? f.level : r.pick(['commune', 'province', 'central']),
      agency: f.agency,
      online: r.chance(0.6) ? 'full' : 'partial',
      ...(r.chance(0.15) ? { anyWard: true } : {}),
      fees,
      processing: { workingDays: r.pick([0, 1, 3, 5, 7, 10, 15, 20, 30]) },
      documents: documents(r),
      delivery: r.some(['electronic', 'postal', 'pickup'], 1, 3),
      schemaVersion: '1.0.0',
      keywords: [...r.some(f.keywords, 1, 3), ...(r.chance(0.3) ? [`Mẫu ${String.fromCharCode(65 + r.int(0, 25))}${r.int(1, 20)}`] : [])],
      ...smallForm(r, n.object),
    };
  });
}

// ─── The 1,000-field form ───────────────────────────────────────────────────

const OPTS = {
  gioiTinh: [['nam', 'Nam', 'Male'], ['nu', 'Nữ', 'Female']],
  ngheNghiep: [['cong-chuc', 'Cán bộ, công chức', 'Civil servant'], ['cong-nhan', 'Công nhân', 'Worker'], ['nong-dan', 'Nông dân', 'Farmer'], ['kinh-doanh', 'Kinh doanh', 'Business'], ['hoc-sinh', 'Học sinh, sinh viên', 'Student'], ['khac', 'Nghề khác', 'Other']],
  danToc: [['kinh', 'Kinh', 'Kinh'], ['tay', 'Tày', 'Tày'], ['thai', 'Thái', 'Thái'], ['muong', 'Mường', 'Mường'], ['khmer', 'Khmer', 'Khmer'], ['hoa', 'Hoa', 'Hoa'], ['nung', 'Nùng', 'Nùng'], ['hmong', "H'Mông", 'Hmong']],
  quanHe: [['vo-chong', 'Vợ hoặc chồng', 'Spouse'], ['con', 'Con', 'Child'], ['cha-me', 'Cha, mẹ', 'Parent'], ['anh-chi-em', 'Anh, chị, em', 'Sibling'], ['ong-ba', 'Ông, bà', 'Grandparent'], ['chau', 'Cháu', 'Grandchild'], ['khac', 'Người khác', 'Other']],
  hinhThuc: [['truc-tiep', 'Trực tiếp', 'In person'], ['buu-chinh', 'Qua bưu chính', 'By post'], ['truc-tuyen', 'Trực tuyến', 'Online']],
};

const options = (list) => list.map(([value, vi, en]) => ({ value, label: T(vi, en) }));
const enumOf = (list) => list.map(([v]) => v);

/**
 * The 20 field kinds of one group: [name, schema, widget, label vi, label en,
 * required?, valid value(i) for the example].
 */
const FIELD_KINDS = [
  ['hoTen', { type: 'string', minLength: 2, maxLength: 100 }, 'text', 'Họ và tên', 'Full name', true, (g) => `Nguyễn Văn Thành ${g + 1}`],
  ['ngaySinh', { type: 'string', format: 'past-date' }, 'date', 'Ngày sinh', 'Date of birth', true, (g) => `19${60 + (g % 40)}-0${1 + (g % 9)}-1${g % 10}`],
  ['gioiTinh', { type: 'string', enum: enumOf(OPTS.gioiTinh) }, 'radio', 'Giới tính', 'Sex', true, () => 'nam', OPTS.gioiTinh],
  ['soDinhDanh', { type: 'string', format: 'cccd', pattern: '^[0-9]{12}$' }, 'cccd', 'Số căn cước (số định danh cá nhân)', 'Personal identification number', true, (g) => cccdFor(g, 'nam', 1960 + (g % 40))],
  ['dienThoai', { type: 'string', format: 'vn-phone' }, 'phone', 'Số điện thoại', 'Phone number', false, (g) => `09${String(12345678 + g).padStart(8, '0')}`],
  ['email', { type: 'string', format: 'email', maxLength: 100 }, 'text', 'Thư điện tử (email), nếu có', 'Email, if any', false, (g) => `nguoi${g}@example.vn`],
  ['ngheNghiep', { type: 'string', enum: enumOf(OPTS.ngheNghiep) }, 'select', 'Nghề nghiệp', 'Occupation', true, () => 'kinh-doanh', OPTS.ngheNghiep],
  ['soThua', { type: 'string', pattern: '^[0-9]{1,6}$' }, 'text', 'Số thửa đất', 'Plot number', true, (g) => String(100 + g)],
  ['dienTich', { type: 'number', exclusiveMinimum: 0, maximum: 100000 }, 'number', 'Diện tích (m²)', 'Area (m²)', true, (g) => 50.5 + g],
  ['soNguoi', { type: 'integer', minimum: 1, maximum: 50 }, 'number', 'Số người trong hộ', 'People in the household', true, (g) => 1 + (g % 9)],
  ['ngayCap', { type: 'string', format: 'date' }, 'date', 'Ngày cấp', 'Date of issue', true, (g) => `20${10 + (g % 15)}-1${g % 3}-0${1 + (g % 9)}`],
  ['noiCap', { type: 'string', minLength: 2, maxLength: 200 }, 'text', 'Nơi cấp', 'Place of issue', true, () => 'Cục Cảnh sát quản lý hành chính về trật tự xã hội'],
  ['danToc', { type: 'string', enum: enumOf(OPTS.danToc) }, 'select', 'Dân tộc', 'Ethnicity', true, () => 'kinh', OPTS.danToc],
  ['quanHe', { type: 'string', enum: enumOf(OPTS.quanHe) }, 'select', 'Quan hệ với người khai', 'Relationship to the filer', false, () => 'con', OPTS.quanHe],
  ['hinhThuc', { type: 'string', enum: enumOf(OPTS.hinhThuc) }, 'radio', 'Hình thức nộp', 'How filed', true, () => 'truc-tuyen', OPTS.hinhThuc],
  ['camKet', { type: 'boolean', const: true }, 'checkbox', 'Tôi cam đoan những nội dung trên là đúng sự thật', 'I declare the above is true', true, () => true],
  ['coBaoHiem', { type: 'boolean' }, 'checkbox', 'Có thẻ bảo hiểm y tế', 'Has a health insurance card', false, (g) => g % 2 === 0],
  ['thuNhap', { type: 'integer', minimum: 0, maximum: 10000000000, multipleOf: 1000 }, 'number', 'Thu nhập bình quân tháng (đồng)', 'Average monthly income (VND)', true, (g) => 5000000 + g * 1000],
  ['maSoThue', { type: 'string', pattern: '^[0-9]{10}([0-9]{3})?$' }, 'text', 'Mã số thuế cá nhân, nếu có', 'Personal tax code, if any', false, (g) => String(8000000000 + g)],
  ['ghiChu', { type: 'string', maxLength: 200 }, 'text', 'Ghi chú', 'Notes', false, () => 'Không có'],
];

const CCCD_PROVINCES = ['001', '079', '031', '048', '092', '026', '038', '046'];

/** A well-formed CCCD number of someone of `sex` born in `year`. */
export function cccdFor(i, sex, year) {
  const century = Math.floor(year / 100) - 19; // 1900s → 0, 2000s → 1
  const digit = century * 2 + (sex === 'nu' ? 1 : 0);
  return `${CCCD_PROVINCES[i % CCCD_PROVINCES.length]}${digit}${String(year % 100).padStart(2, '0')}${String(100000 + ((i * 7919) % 900000)).padStart(6, '0')}`;
}

const GROUP_TITLES = [
  'Người khai', 'Người được khai', 'Chủ hộ', 'Người đại diện', 'Người làm chứng', 'Người được ủy quyền', 'Thành viên hộ gia đình', 'Người giám hộ',
  'Người thừa kế', 'Người sử dụng đất', 'Chủ sở hữu', 'Người liên hệ',
];

/**
 * A form of `groups` × 20 = 1,000 fields, all on one step. Each group is an
 * object of the root (required), with the field kinds in a rotated order so
 * the widgets mix. Returns { procedure, example } where example is a complete,
 * valid instance.
 */
export function bigFormProcedure({ code = BIG_FORM_CODE, fields = 1000 } = {}) {
  const perGroup = FIELD_KINDS.length;
  const groups = Math.ceil(fields / perGroup);
  const properties = {};
  const elements = [];
  const example = {};
  let made = 0;
  for (let g = 0; g < groups && made < fields; g++) {
    const key = `phan${String(g + 1).padStart(2, '0')}`;
    const title = `Phần ${g + 1}: ${GROUP_TITLES[g % GROUP_TITLES.length]}`;
    const props = {};
    const required = [];
    const children = [];
    const data = {};
    for (let k = 0; k < perGroup && made < fields; k++, made++) {
      const [name, schema, widget, vi, en, req, value, opts] = FIELD_KINDS[(k + g) % perGroup];
      props[name] = schema;
      if (req) required.push(name);
      children.push(el(`/${key}/${name}`, widget, vi, en, opts ? { options: options(opts) } : {}));
      data[name] = value(g);
    }
    properties[key] = { type: 'object', title, additionalProperties: false, required, properties: props };
    elements.push({ widget: 'group', label: T(title, `Part ${g + 1}`), elements: children });
    example[key] = data;
  }
  const procedure = {
    code,
    name: T('Tờ khai tổng hợp 1.000 trường (thử hiệu năng)', '1,000-field form (performance test)'),
    field: { id: 'thu-nghiem', name: T('Thử nghiệm', 'Testing') },
    level: 'province',
    agency: T('Cơ quan thử nghiệm', 'Test agency'),
    online: 'full',
    fees: [],
    processing: { workingDays: 1 },
    documents: [],
    delivery: ['electronic'],
    schemaVersion: '1.0.0',
    keywords: ['thử hiệu năng'],
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Tờ khai 1.000 trường',
      $comment: 'Sinh tự động cho phép đo hiệu năng (bench/lib/gen-catalog.mjs).',
      type: 'object',
      additionalProperties: false,
      required: Object.keys(properties),
      properties,
    },
    ui: { steps: [{ id: 'tat-ca', title: T('Toàn bộ tờ khai', 'The whole form'), elements }] },
  };
  return { procedure, example, fields: made };
}

/**
 * A repeat group of household members whose schema has minItems: `items`
 * (the app starts it with that many empty items); each item has 5 fields:
 * text, date, radio, cccd, select.
 */
export function repeatProcedure({ code = REPEAT_FORM_CODE, items = 100 } = {}) {
  const item = {
    type: 'object',
    additionalProperties: false,
    required: ['hoTen', 'ngaySinh', 'gioiTinh', 'soDinhDanh', 'quanHe'],
    properties: {
      hoTen: { type: 'string', minLength: 2, maxLength: 100 },
      ngaySinh: { type: 'string', format: 'past-date' },
      gioiTinh: { type: 'string', enum: enumOf(OPTS.gioiTinh) },
      soDinhDanh: { type: 'string', format: 'cccd', pattern: '^[0-9]{12}$' },
      quanHe: { type: 'string', enum: enumOf(OPTS.quanHe) },
    },
  };
  const procedure = {
    code,
    name: T(`Khai báo danh sách ${items} thành viên (thử hiệu năng)`, `List of ${items} members (performance test)`),
    field: { id: 'thu-nghiem', name: T('Thử nghiệm', 'Testing') },
    level: 'commune',
    agency: T('Cơ quan thử nghiệm', 'Test agency'),
    online: 'full',
    fees: [],
    processing: { workingDays: 1 },
    documents: [],
    delivery: ['electronic'],
    schemaVersion: '1.0.0',
    keywords: ['thử hiệu năng'],
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: `Danh sách ${items} thành viên`,
      $comment: 'Sinh tự động cho phép đo hiệu năng (bench/lib/gen-catalog.mjs).',
      type: 'object',
      additionalProperties: false,
      required: ['thanhVien'],
      properties: { thanhVien: { type: 'array', minItems: items, maxItems: items * 2, items: item } },
    },
    ui: {
      steps: [{
        id: 'thanh-vien',
        title: T('Thành viên hộ gia đình', 'Household members'),
        elements: [{
          scope: '/thanhVien',
          widget: 'repeat',
          label: T('Danh sách thành viên', 'Members'),
          itemLabel: T('Thành viên', 'Member'),
          elements: [
            el('/hoTen', 'text', 'Họ và tên', 'Full name'),
            el('/ngaySinh', 'date', 'Ngày sinh', 'Date of birth'),
            el('/gioiTinh', 'radio', 'Giới tính', 'Sex', { options: options(OPTS.gioiTinh) }),
            el('/soDinhDanh', 'cccd', 'Số căn cước (số định danh cá nhân)', 'Personal identification number'),
            el('/quanHe', 'select', 'Quan hệ với chủ hộ', 'Relationship to the head of household', { options: options(OPTS.quanHe) }),
          ],
        }],
      }],
    },
  };
  const example = {
    thanhVien: Array.from({ length: items }, (_, i) => {
      const sex = i % 2 ? 'nu' : 'nam';
      const year = 1950 + (i % 70);
      return {
        hoTen: `Trần Thị Thành Viên ${i + 1}`,
        ngaySinh: `${year}-0${1 + (i % 9)}-${String(10 + (i % 18)).padStart(2, '0')}`,
        gioiTinh: sex,
        soDinhDanh: cccdFor(i, sex, year),
        quanHe: enumOf(OPTS.quanHe)[i % OPTS.quanHe.length],
      };
    }),
  };
  return { procedure, example, fields: items * 5 };
}

// ─── Writing a catalog directory ────────────────────────────────────────────

function header(id, title) {
  return { format: 'tokhai-catalog/1', id, version: '2026.11.1', sample: true, title, published: '2026-11-01' };
}

/**
 * Writes `dir` (emptied first) in the directory form: catalog.json,
 * procedures/<code>.json and, for the procedures given one, examples/<code>.json.
 */
export function writeCatalogDir(dir, { id, title, procedures, examples = {} }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'procedures'), { recursive: true });
  writeFileSync(join(dir, 'catalog.json'), `${JSON.stringify(header(id, title), null, 2)}\n`);
  for (const p of procedures) writeFileSync(join(dir, 'procedures', `${p.code}.json`), `${JSON.stringify(p)}\n`);
  const codes = Object.keys(examples);
  if (codes.length) {
    mkdirSync(join(dir, 'examples'));
    for (const code of codes) writeFileSync(join(dir, 'examples', `${code}.json`), `${JSON.stringify(examples[code])}\n`);
  }
  return dir;
}

/** The search catalog: `count` small procedures. */
export function writeSearchCatalog(dir, { count = 6000, seed = 1 } = {}) {
  const procedures = searchProcedures({ count, seed });
  writeCatalogDir(dir, {
    id: 'bench-search',
    title: T(`Danh mục thử nghiệm ${count} thủ tục (dữ liệu sinh tự động)`, `Test catalog of ${count} procedures (generated)`),
    procedures,
  });
  return { dir, count: procedures.length };
}

/** The forms catalog: the 1,000-field form and the 100-item repeat, with examples. */
export function writeFormsCatalog(dir, { fields = 1000, items = 100 } = {}) {
  const big = bigFormProcedure({ fields });
  const rep = repeatProcedure({ items });
  writeCatalogDir(dir, {
    id: 'bench-forms',
    title: T('Danh mục thử nghiệm tờ khai lớn (dữ liệu sinh tự động)', 'Test catalog of big forms (generated)'),
    procedures: [big.procedure, rep.procedure].sort((a, b) => a.code.localeCompare(b.code)),
    examples: { [big.procedure.code]: big.example, [rep.procedure.code]: rep.example },
  });
  return {
    dir,
    big: { code: big.procedure.code, fields: big.fields },
    repeat: { code: rep.procedure.code, fields: rep.fields, items },
  };
}

// CLI
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { count: { type: 'string', default: '6000' }, seed: { type: 'string', default: '1' }, forms: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) {
    console.error('usage: node bench/lib/gen-catalog.mjs <dir> [--count 6000] [--seed 1] [--forms]');
    process.exit(2);
  }
  const out = values.forms
    ? writeFormsCatalog(positionals[0])
    : writeSearchCatalog(positionals[0], { count: Number(values.count), seed: Number(values.seed) });
  console.log(JSON.stringify(out));
}
