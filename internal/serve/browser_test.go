package serve

import (
	"context"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/docsite/docsite/internal/site"
)

// newBrowser starts headless Chromium with a fresh profile, or skips the
// test when there is none (and fails it under CI=true).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if _, err := os.Stat("/usr/bin/chromium"); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("chromium not found (CI=true: browser tests must run)")
			}
			t.Skip("chromium not found; skipping the browser test")
		}
		path = "/usr/bin/chromium"
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// evalUntil evaluates expr in the page until it returns true; page loads
// in between (a reload by the live script) are waited out.
func evalUntil(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			// Where the browser is and what it shows, to tell a page that
			// never reloaded from one that reloaded to old content.
			where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " [" + (document.querySelector('meta[name="docsite-version"]') || {}).content + "]: " + document.body.innerText.slice(0, 300)`))
			t.Fatalf("%s: not so after 30 s (last error: %v); the browser shows %s", what, err, where)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func evalValue[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// The live script in a real browser: an edited page updates in place at
// the same scroll position; a stale fact brings the overlay and an inline
// mark, which go when it is fixed; CSS is swapped without a reload; an
// edit to another page navigates there.
func TestBrowserLiveReload(t *testing.T) {
	ctx := newBrowser(t)
	dir := copyFixture(t)
	// A long Notes section, so the page scrolls.
	notes := strings.Repeat("Filler paragraph to make the page long enough to scroll.\n\n", 120)
	edit(t, dir, "content/jellyfin.md", "A long section so that the page scrolls.", notes+"Last line.")
	srv, url := startSite(t, dir)

	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/jellyfin/")); err != nil {
		t.Fatal(err)
	}
	connected := `document.documentElement.hasAttribute("data-docsite-findings")`
	evalUntil(t, ctx, "live script connected", connected)

	// 1. Edit the page while scrolled down.
	evalValue[any](t, ctx, `window.scrollTo(0, 1500)`)
	y := evalValue[float64](t, ctx, `window.scrollY`)
	if y < 1000 {
		t.Fatalf("page did not scroll: scrollY = %v", y)
	}
	edit(t, dir, "content/jellyfin.md", "Last line.", "Last line, edited while you watched.")
	evalUntil(t, ctx, "edited text shown", `document.body.innerText.includes("edited while you watched")`)
	evalUntil(t, ctx, "live script reconnected", connected)
	if y2 := evalValue[float64](t, ctx, `window.scrollY`); math.Abs(y2-y) > 2 {
		t.Errorf("scroll position after the reload: %v, want %v", y2, y)
	}

	// 2. A port in the config changes: the page's fact goes stale.
	edit(t, dir, "infra/templates/Caddyfile", "mini-vm:8096", "mini-vm:8097")
	evalUntil(t, ctx, "overlay shown", `!!document.getElementById("ds-live-overlay")`)
	evalUntil(t, ctx, "stale claim marked", `document.querySelector('[data-claim="9:44"]').classList.contains("ds-claim-stale")`)
	overlay := evalValue[string](t, ctx, `document.getElementById("ds-live-overlay").innerText`)
	if !strings.Contains(overlay, "content/jellyfin.md:9:44") || !strings.Contains(overlay, "mini-vm:8096") {
		t.Errorf("overlay text:\n%s", overlay)
	}
	if tip := evalValue[string](t, ctx, `document.querySelector('[data-claim="9:44"]').title`); !strings.Contains(tip, "stale") {
		t.Errorf("stale claim tooltip: %q", tip)
	}
	if tip := evalValue[string](t, ctx, `document.querySelector('[data-claim="9:21"]').title`); !strings.Contains(tip, "infra/templates/Caddyfile:1:1") {
		t.Errorf("verified claim tooltip: %q", tip)
	}
	evalValue[any](t, ctx, `window.scrollTo(0, 0)`)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "overlay.png")
	if p := os.Getenv("DOCSITE_SCREENSHOT"); p != "" {
		shot = p // keep it past the test, to look at
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("overlay screenshot: %s", shot)

	// Dismissed, it stays away until the next bad build.
	evalValue[any](t, ctx, `document.querySelector("#ds-live-overlay button").click()`)
	if evalValue[bool](t, ctx, `!!document.getElementById("ds-live-overlay")`) {
		t.Error("overlay still shown after dismissing it")
	}

	// 3. Fixed: overlay and mark vanish.
	edit(t, dir, "infra/templates/Caddyfile", "mini-vm:8097", "mini-vm:8096")
	evalUntil(t, ctx, "stale mark gone", `document.querySelector('[data-claim="9:44"]').classList.contains("ds-claim-verified")`)
	if evalValue[bool](t, ctx, `!!document.getElementById("ds-live-overlay")`) {
		t.Error("overlay shown after the fix")
	}

	// 4. CSS changes apply without a reload.
	evalValue[any](t, ctx, `window.__noReload = true`)
	writeFiles(t, dir, map[string]string{"theme/assets/style.css": "body { outline: 3px solid rgb(1, 2, 3) }\n"})
	evalUntil(t, ctx, "new CSS applied", `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	if !evalValue[bool](t, ctx, `window.__noReload === true`) {
		t.Error("the page reloaded for a CSS change")
	}

	// 5. Editing another page brings the browser there.
	edit(t, dir, "content/ops/backups.md", "Nightly backups", "Nightly (and weekly) backups")
	evalUntil(t, ctx, "navigated to the edited page", `location.pathname.endsWith("/ops/backups/") && document.body.innerText.includes("weekly")`)

	// 6. The server restarts on the same port with an edit made while it
	// was down: the page reconnects and, seeing another version, reloads.
	addr := srv.Addr().String()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		t.Fatal(err)
	}
	edit(t, dir, "content/ops/backups.md", "Nightly (and weekly) backups", "Nightly backups, checked after a restart,")
	cfg, err := site.Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	srv2, err := Start(cfg, Options{Bind: "127.0.0.1", Port: p})
	if err != nil {
		t.Skipf("cannot listen on %s again: %v", addr, err)
	}
	defer srv2.Shutdown(context.Background())
	evalUntil(t, ctx, "reloaded after the restart", `document.body.innerText.includes("checked after a restart")`)
}
