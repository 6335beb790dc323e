import type { ComponentChildren } from "preact";
import { assetHref } from "../http/assets";
import { translator } from "../i18n";
import type { Crumb, PageContext } from "./context";
import { shellCatalog } from "./messages";

interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** What search results show under the title; the site's description when not given. */
  description?: string;
  breadcrumbs?: Crumb[];
  /** Extra elements for <head>, e.g. a meta refresh on a progress page. */
  head?: ComponentChildren;
  children: ComponentChildren;
}

function languageSwitchHref(ctx: PageContext): string {
  const other = ctx.locale === "en" ? "es" : "en";
  return `/language/${other}?next=${encodeURIComponent(ctx.path)}`;
}

function Breadcrumbs({ items, label }: { items: Crumb[]; label: string }) {
  return (
    <nav class="usa-breadcrumb" aria-label={label}>
      <ol class="usa-breadcrumb__list">
        {items.map((item, i) => {
          const current = i === items.length - 1;
          return (
            <li class="usa-breadcrumb__list-item" {...(current ? { "aria-current": "page" } : {})}>
              {item.href && !current ? (
                <a href={item.href} class="usa-breadcrumb__link">
                  <span>{item.label}</span>
                </a>
              ) : (
                <span>{item.label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** Language and account links, above the header and visible at every width, with or without JS. */
function UtilityBar({ ctx }: { ctx: PageContext }) {
  const t = translator(shellCatalog, ctx.locale);
  return (
    <div class="smh-utility">
      <div class="grid-container smh-utility__inner">
        <a href={languageSwitchHref(ctx)} lang={ctx.locale === "en" ? "es" : "en"} class="smh-utility__link">
          <span class="usa-sr-only">{t("languageSwitchLabel")}: </span>
          <span aria-hidden="true">{t("languageSwitch")}</span>
        </a>
        {ctx.viewer ? (
          <>
            <span class="smh-utility__who">{ctx.viewer.name}</span>
            {/* In this bar, not the primary navigation, so a national admin's links fit one line. */}
            <a
              href="/account"
              class="smh-utility__link"
              {...(ctx.path.startsWith("/account") ? { "aria-current": "page" } : {})}
            >
              {t("navAccount")}
            </a>
            {ctx.viewer.counts?.joinRequests ? (
              <a href="/#join-requests" class="smh-utility__link">
                {t("joinRequestsWaiting", { count: ctx.viewer.counts.joinRequests })}
              </a>
            ) : null}
            <form method="post" action="/sign-out" class="smh-inline-form">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <button type="submit" class="usa-button usa-button--unstyled smh-utility__link">
                {t("signOut")}
              </button>
            </form>
          </>
        ) : (
          <>
            <a href="/sign-in" class="smh-utility__link">
              {t("signIn")}
            </a>
            <a href="/register" class="smh-utility__link">
              {t("register")}
            </a>
          </>
        )}
      </div>
    </div>
  );
}

/** A number beside a link: read out as ", 3 unread" after the link's name. */
function NavCount({ count, label }: { count: number; label: string }) {
  return (
    <>
      <span class="usa-sr-only">, {label}</span>
      <span class="smh-count" aria-hidden="true">
        {count > 99 ? "99+" : count}
      </span>
    </>
  );
}

function Header({ ctx }: { ctx: PageContext }) {
  const t = translator(shellCatalog, ctx.locale);
  const links: { href: string; label: string; count?: number }[] = [
    // No "Home": the logo links home, and a national admin's links must fit one line.
    { href: "/practice-groups", label: t("navPracticeGroups") },
    { href: "/communities", label: t("navCommunities") },
    { href: "/library", label: t("navLibrary") },
    { href: "/directory", label: t("navDirectory") },
  ];
  if (ctx.viewer) {
    links.push({ href: "/measures", label: t("navMeasures") });
    links.push({ href: "/improvement", label: t("navImprove") });
    links.push({
      href: "/notifications",
      label: t("navNotifications"),
      count: ctx.viewer.counts?.unreadNotifications,
    });
  }
  if (ctx.viewer?.systemRole === "admin") links.push({ href: "/admin", label: t("navAdmin") });
  const isCurrent = (href: string) => (href === "/" ? ctx.path === "/" : ctx.path.startsWith(href));
  return (
    <header class="usa-header usa-header--basic">
      <div class="usa-nav-container">
        <div class="usa-navbar">
          <div class="usa-logo">
            <em class="usa-logo__text">
              <a href="/" title={t("siteName")}>
                {t("siteName")}
              </a>
            </em>
          </div>
          {/* Links, so the panel opens and closes without JavaScript too (by :target); app.js
              makes them buttons. */}
          <a href="#primary-nav" id="menu-button" class="usa-menu-btn">
            {t("menu")}
          </a>
        </div>
        <nav id="primary-nav" aria-label={t("primaryNav")} class="usa-nav">
          <a href="#menu-button" class="usa-nav__close">
            <img src={assetHref("usa-icons/close.svg")} alt={t("close")} width="24" height="24" />
          </a>
          <ul class="usa-nav__primary usa-accordion">
            {links.map((link) => (
              <li class="usa-nav__primary-item">
                <a
                  href={link.href}
                  class={`usa-nav-link${isCurrent(link.href) ? " usa-current" : ""}`}
                  {...(isCurrent(link.href) ? { "aria-current": "page" } : {})}
                >
                  <span>{link.label}</span>
                  {link.count ? (
                    <NavCount count={link.count} label={t("unreadCount", { count: link.count })} />
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <div class="usa-overlay" />
    </header>
  );
}

function FlashMessages({ ctx }: { ctx: PageContext }) {
  if (ctx.flash.length === 0) return null;
  return (
    <div class="margin-bottom-3">
      {ctx.flash.map((f) => (
        <div
          class={`usa-alert usa-alert--${f.kind} usa-alert--slim`}
          role={f.kind === "error" ? "alert" : "status"}
        >
          <div class="usa-alert__body">
            <p class="usa-alert__text">{f.text}</p>
          </div>
        </div>
      ))}
    </div>
  );
}

/** Where a shared page's header goes: filled for each viewer when the page is sent. */
export const SHELL_SLOT = '<template id="smh-shell"></template>';

/** What every page shows about who is reading it: the utility bar and the header with its navigation. */
export function PageShell({ ctx }: { ctx: PageContext }) {
  return (
    <>
      <UtilityBar ctx={ctx} />
      <Header ctx={ctx} />
    </>
  );
}

export function Layout({ ctx, title, description, breadcrumbs, head, children }: LayoutProps) {
  const t = translator(shellCatalog, ctx.locale);
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} | ${t("siteName")}`}</title>
        <meta name="description" content={description ?? t("metaDescription")} />
        <meta name="theme-color" content="#1a4480" />
        <link rel="icon" type="image/svg+xml" href={assetHref("favicon.svg")} />
        {/* Small, and cached for a year under its hashed name: linked rather than inlined. */}
        <link rel="stylesheet" href={assetHref("site.css")} />
        <script src={assetHref("app.js")} defer />
        {head}
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          {t("skipToMain")}
        </a>
        {ctx.shared ? <template id="smh-shell" /> : <PageShell ctx={ctx} />}
        <main id="main-content" class="grid-container padding-bottom-6" tabIndex={-1}>
          {breadcrumbs && breadcrumbs.length > 0 ? (
            <Breadcrumbs items={breadcrumbs} label={t("breadcrumbLabel")} />
          ) : null}
          <FlashMessages ctx={ctx} />
          {children}
        </main>
        <footer class="usa-footer usa-footer--slim">
          <div class="usa-footer__secondary-section">
            <div class="grid-container">
              <p>{t("footerAbout")}</p>
              <p>{t("footerPrivacy")}</p>
              <ul class="usa-list usa-list--unstyled smh-footer-links">
                <li>
                  <a href="/insights/national">{t("footerNationalDashboard")}</a>
                </li>
                <li>
                  <a href="/accessibility">{t("footerAccessibility")}</a>
                </li>
                <li>
                  <a href="/privacy">{t("footerPrivacyLink")}</a>
                </li>
                <li>
                  <a href="/api/v1/docs">{t("footerApi")}</a>
                </li>
              </ul>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
}
