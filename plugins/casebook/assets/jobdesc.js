// The role page's job-description builder: ticked responsibilities and
// qualities become a plain-text draft the reader can copy or download.
export function init(root) {
  const form = root.querySelector(".cb-jd-form");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  const section = form.closest(".cb-jobdesc");
  const output = form.querySelector(".cb-jd-output");
  const status = form.querySelector(".cb-jd-status");
  const roleTitle = section.dataset.roleTitle;
  form.hidden = false;
  section.querySelector(".cb-noscript-note")?.setAttribute("hidden", "");

  const ticked = (name) =>
    [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) =>
      box.dataset.text ? `- ${box.dataset.title}: ${box.dataset.text}` : `- ${box.dataset.title}`);

  const draft = () => {
    const school = form.elements.school.value.trim();
    const parts = [`Job description (draft): ${roleTitle.replace(/^The school /i, "")}`];
    if (school) parts.push(`School: ${school}`);
    const duties = ticked("responsibility");
    const qualities = ticked("quality");
    parts.push("", "Responsibilities", ...(duties.length ? duties : ["- (none ticked yet)"]));
    parts.push("", "Personal qualities", ...(qualities.length ? qualities : ["- (none ticked yet)"]));
    parts.push("", "Drafted with the edtech leadership library; adapt it to your school.");
    return parts.join("\n");
  };

  const update = () => { output.value = draft(); status.textContent = ""; };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.querySelector(".cb-jd-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(output.value);
      status.textContent = "Draft copied to the clipboard.";
    } catch {
      output.select();
      status.textContent = "Select the draft and copy it (Ctrl+C or Cmd+C).";
    }
  });
  form.querySelector(".cb-jd-download").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([output.value + "\n"], { type: "text/plain" }));
    link.download = "technology-leader-job-description.txt";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    status.textContent = "Draft downloaded.";
  });
  update();
}
