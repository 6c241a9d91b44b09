// Korean strings (the default). Keys are shared with en.js.
export default {
  "app.name": "ClaimDesk",
  "app.tagline": "플랫폼 장애 피해 접수",
  "app.title": "ClaimDesk — 피해 접수",
  "app.offline": "모든 자료는 이 PC에만 저장되며 인터넷 연결이 필요 없습니다.",
  "language.switch": "English",
  "business.title": "사업장 정보",
  "business.lead": "청구서에 들어갈 가게 정보를 한 번만 입력하면 됩니다.",
  "business.registrationNumber.label": "사업자등록번호",
  "business.registrationNumber.hint": "사업자등록증에 적힌 숫자 10자리 (예: 120-81-47521)",
  "business.registrationNumber.valid": "확인된 번호: {formatted} · {type}",
  "business.check": "확인",
  "errors.summaryTitle": "입력한 내용을 확인해 주세요",
  "errors.prefix": "오류:",
};
