// English strings. Keys are shared with ko.js.
export default {
  "app.name": "ClaimDesk",
  "app.tagline": "Outage damage claims",
  "app.title": "ClaimDesk — Damage claims",
  "app.offline": "Everything stays on this PC; no internet connection is needed.",
  "language.switch": "한국어",
  "business.title": "Your business",
  "business.lead": "Enter your shop's details once; every claim uses them.",
  "business.registrationNumber.label": "Business registration number",
  "business.registrationNumber.hint": "The 10 digits on your registration certificate (e.g. 120-81-47521)",
  "business.registrationNumber.valid": "Checked: {formatted} · {type}",
  "business.check": "Check",
  "errors.summaryTitle": "There is a problem",
  "errors.prefix": "Error:",
};
