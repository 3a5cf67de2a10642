// An API error as the page says it: the first field at fault, named by the label the person
// sees on this form ("Length", not "duration"), and one sentence.
(function () {
  "use strict";

  function labelOf(form, name) {
    // "mood.valence" is the valence input; "emotions.0" the emotions one.
    const parts = name.split(".").filter(function (part) { return !/^\d+$/.test(part); });
    const input = form && [name, parts[parts.length - 1], parts[0]].map(function (candidate) {
      return candidate && form.querySelector("[name='" + candidate + "']");
    }).find(Boolean);
    if (!input) return "";
    if (input.dataset.label) return input.dataset.label;
    const label = input.id ? form.querySelector("label[for='" + input.id + "']") : null;
    return label ? label.firstChild.textContent.replace(/[:\s]+$/, "").trim() : "";
  }

  function sentence(error, form, fallback) {
    if (!error) return fallback;
    // Only input the serializer refused is relabelled; a domain error's message (a refused
    // idea, a provider outage) is already written for this person.
    if (error.code !== "invalid") return error.message || fallback;
    const fields = error.fields || {};
    const name = Object.keys(fields).find(function (key) { return (fields[key] || []).length; });
    const label = name ? labelOf(form, name) : "";
    if (!label) return error.message || fallback;
    const message = fields[name][0];
    const first = /^[A-Z][a-z]/.test(message) ? message[0].toLowerCase() + message.slice(1) : message;
    return interpolate(gettext("%(label)s: %(message)s"), { label: label, message: first }, true);
  }

  window.ReverieErrors = { sentence: sentence };
})();
