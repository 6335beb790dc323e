// Progressive enhancement only: every page works without this file (loaded with defer).

// Move focus to an error summary so screen readers announce it after a failed post.
const summary = document.getElementById("error-summary");
if (summary) summary.focus();

// The mobile menu. Without JavaScript, the Menu link opens the panel by its address
// (#primary-nav, styled with :target) and the close link leaves it. Here both links become
// buttons that open and close the panel in place, keep focus inside it while it is open, and
// give focus back to the Menu button when it closes.
const menuButton = document.querySelector(".usa-menu-btn");
const nav = document.getElementById("primary-nav");
const closeButton = nav?.querySelector(".usa-nav__close");
const overlay = document.querySelector(".usa-overlay");

function asButton(link) {
  link.setAttribute("role", "button");
  link.setAttribute("aria-controls", "primary-nav");
  link.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      link.click();
    }
  });
}

function focusableIn(element) {
  return [...element.querySelectorAll("a[href], button:not([disabled])")].filter(
    (el) => el.offsetParent !== null,
  );
}

function setOpen(open) {
  nav.classList.toggle("is-visible", open);
  overlay?.classList.toggle("is-visible", open);
  document.body.classList.toggle("usa-js-mobile-nav--active", open);
  menuButton.setAttribute("aria-expanded", String(open));
  // An address of #primary-nav keeps the panel open through :target; leave it when closing.
  if (!open && location.hash === "#primary-nav")
    history.replaceState(null, "", location.pathname + location.search);
}

function isOpen() {
  return nav.classList.contains("is-visible");
}

if (menuButton && nav && closeButton) {
  asButton(menuButton);
  asButton(closeButton);
  menuButton.setAttribute("aria-expanded", "false");
  menuButton.addEventListener("click", (event) => {
    event.preventDefault();
    setOpen(true);
    closeButton.focus();
  });
  closeButton.addEventListener("click", (event) => {
    event.preventDefault();
    setOpen(false);
    menuButton.focus();
  });
  overlay?.addEventListener("click", () => setOpen(false));
  document.addEventListener("keydown", (event) => {
    if (!isOpen()) return;
    if (event.key === "Escape") {
      setOpen(false);
      menuButton.focus();
    } else if (event.key === "Tab") {
      const items = focusableIn(nav);
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  // The panel exists only below the desktop width; close it when the window grows past it.
  matchMedia("(min-width: 64em)").addEventListener("change", (query) => {
    if (query.matches && isOpen()) setOpen(false);
  });
}

// Event check-in: scan an attendee's QR code with the device camera where the browser has
// BarcodeDetector; the code it reads fills the form's code field and sends the form. Without
// it (or without JavaScript) the section stays hidden and staff type the code.
const scanner = document.querySelector("[data-qr-scan]");
if (scanner && "BarcodeDetector" in window && navigator.mediaDevices?.getUserMedia) {
  const form = document.getElementById(scanner.getAttribute("data-qr-scan"));
  const video = scanner.querySelector("[data-scan-video]");
  const start = scanner.querySelector("[data-scan-start]");
  const stop = scanner.querySelector("[data-scan-stop]");
  let stream = null;
  const halt = () => {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
    start.focus();
  };
  scanner.hidden = false;
  start.addEventListener("click", async () => {
    try {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      start.hidden = true;
      stop.hidden = false;
      stop.focus();
      await video.play();
      const look = async () => {
        if (!stream) return;
        const [found] = await detector.detect(video).catch(() => []);
        if (found?.rawValue && form) {
          form.querySelector("[name=code]").value = found.rawValue;
          halt();
          form.submit();
          return;
        }
        requestAnimationFrame(look);
      };
      look();
    } catch {
      halt();
    }
  });
  stop.addEventListener("click", halt);
}
