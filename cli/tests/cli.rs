//! The `consentry` binary end to end: scan output formats, the cookie
//! policy, `--fail-on-untagged`, in-place rewriting of a directory, standard
//! input, the vendor table export, and error messages.

use consentry::core::json::{self, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn consentry(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consentry")).current_dir(dir).args(args).output().expect("run consentry")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small built site in a fresh temporary directory.
fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("consentry-cli-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("blog")).expect("mkdir");
    fs::write(
        dir.join("index.html"),
        "<!doctype html>\n<head>\n<script src=\"/consentry.global.js\"></script>\n<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>\n<script>(function(){var t=document.createElement('script');t.src=\"https://www.clarity.ms/tag/\"+'x';document.head.appendChild(t)})();</script>\n</head>\n<body><p>Home</p>\n  <iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n</body>\n",
    )
    .expect("write");
    fs::write(dir.join("blog/post.htm"), "<p>Post</p>\n<img data-src=\"https://px.ads.linkedin.com/collect?pid=1\" data-category=\"marketing\" alt=\"\">\n<script src=\"https://www.google.com/recaptcha/api.js\"></script>\n").expect("write");
    fs::write(dir.join("about.html"), "<p>No vendor here.</p>\n").expect("write");
    fs::write(dir.join("notes.txt"), "<script src=\"https://bat.bing.com/bat.js\"></script>").expect("write");
    dir
}

#[test]
fn scan_text_lists_each_tag_where_it_is() {
    let dir = site("text");
    let o = consentry(&dir, &["scan", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("./index.html:4:1: untagged script google-analytics [analytics] https://www.googletagmanager.com/gtag/js?id=G-1"),
        "{out}"
    );
    assert!(out.contains("./index.html:5:1: inline script text microsoft-clarity [analytics] https://www.clarity.ms/tag/"), "{out}");
    assert!(out.contains("./index.html:8:3: untagged iframe youtube [marketing]"), "{out}");
    assert!(out.contains("./blog/post.htm:2:1: tagged img linkedin-insight [marketing]"), "{out}");
    assert!(out.contains("./blog/post.htm:3:1: allowed script google-recaptcha [necessary]"), "{out}");
    assert!(out.contains("2 untagged vendor tags"), "{out}");
    assert!(!out.contains("bat.bing.com"), "only .html and .htm files are read from directories: {out}");
}

/// Third-party hosts the table does not know are listed once each, with a
/// draft vendor file to review; first-party URLs (relative, the site's own
/// host and its subdomains) and known vendors are not.
#[test]
fn scan_lists_unknown_third_party_hosts_with_drafts() {
    let dir = site("unknown");
    fs::write(
        dir.join("shop.html"),
        "<script src=\"https://widgets.newvendor.example/w.js\"></script>\n<img src=\"https://widgets.newvendor.example/p.gif\" alt=\"\">\n<img src=\"https://cdn.shop.example/logo.png\" alt=\"\">\n<img src=\"/local.png\" alt=\"\">\n<iframe src=\"https://reviews.other.example/embed\"></iframe>\n",
    )
    .expect("write");
    let o = consentry(&dir, &["scan", "--base", "https://www.shop.example/", "--drafts", "drafts", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Third-party hosts the vendor table does not know (2;"), "{out}");
    assert!(out.contains("  widgets.newvendor.example  2 tag(s), first at ./shop.html:1:1"), "{out}");
    assert!(out.contains("  reviews.other.example  1 tag(s), first at ./shop.html:5:1"), "{out}");
    assert!(!out.contains("cdn.shop.example") && !out.contains("local.png"), "first party is not a lead: {out}");
    assert!(!out.contains("unknown script"), "unknown hosts are not vendor findings: {out}");
    let draft = fs::read_to_string(dir.join("drafts/widgets-newvendor-example.toml")).expect("a draft per host");
    assert!(draft.contains("id = \"widgets-newvendor-example\"") && draft.contains("hosts = [\"widgets.newvendor.example\"]"), "{draft}");
    assert!(draft.contains("# policy = "), "the policy is left for the reviewer: {draft}");
    assert!(dir.join("drafts/reviews-other-example.toml").exists());
    // JSON carries the same, each host with its draft.
    let o = consentry(&dir, &["scan", "--base", "https://www.shop.example/", "--format", "json", "shop.html"]);
    let text = stdout(&o);
    let v = json::parse(&text).unwrap_or_else(|e| panic!("{e:?}: {text}"));
    let unknown = v.get("unknown").and_then(Value::as_array).expect("unknown hosts");
    let hosts: Vec<&str> = unknown.iter().filter_map(|u| u.get("host").and_then(Value::as_str)).collect();
    assert_eq!(hosts, ["widgets.newvendor.example", "reviews.other.example"]);
    assert!(unknown.iter().all(|u| u.get("draft").and_then(Value::as_str).is_some_and(|d| d.contains("hosts = ["))));
}

#[test]
fn scan_json_is_complete_and_parses() {
    let dir = site("json");
    let o = consentry(&dir, &["scan", "--format", "json", "index.html", "blog"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let v = json::parse(&out).expect("valid JSON");
    assert_eq!(v.get("files").and_then(Value::as_f64), Some(2.0));
    assert_eq!(v.get("untagged").and_then(Value::as_f64), Some(2.0));
    let findings = v.get("findings").and_then(Value::as_array).expect("findings");
    let first = findings.first().expect("a finding");
    assert_eq!(first.get("file").and_then(Value::as_str), Some("index.html"));
    assert_eq!(first.get("line").and_then(Value::as_f64), Some(4.0));
    assert_eq!(first.get("status").and_then(Value::as_str), Some("untagged"));
    assert_eq!(first.get("vendor").and_then(Value::as_str), Some("google-analytics"));
    assert_eq!(first.get("categories").and_then(Value::as_array).map(|a| a.len()), Some(1));
    let statuses: Vec<&str> = findings.iter().filter_map(|f| f.get("status").and_then(Value::as_str)).collect();
    assert_eq!(statuses, ["untagged", "inline", "untagged", "tagged", "allowed"]);
    let vendors = v.get("vendors").and_then(Value::as_array).expect("vendors");
    let yt = vendors.iter().find(|x| x.get("vendor").and_then(Value::as_str) == Some("youtube")).expect("youtube");
    assert_eq!(yt.get("untagged").and_then(Value::as_f64), Some(1.0));
}

#[test]
fn scan_markdown_and_html() {
    let dir = site("md");
    let md = stdout(&consentry(&dir, &["scan", "-f", "markdown", "index.html"]));
    assert!(md.starts_with("## Vendors found\n"), "{md}");
    assert!(md.contains("| Google Analytics (`google-analytics`) | analytics | 1 (1 untagged) | `index.html` |"), "{md}");
    assert!(md.contains("| `index.html:8:3` | untagged | iframe | `youtube` | marketing | `https://www.youtube.com/embed/x` |"), "{md}");
    let html = stdout(&consentry(&dir, &["scan", "--format=html", "index.html"]));
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(html.contains("<tr><td><code>index.html:4:1</code></td><td>untagged</td><td>script</td><td>google-analytics</td>"), "{html}");
    assert!(!html.contains("<script"), "page markup is escaped: {html}");
}

#[test]
fn fail_on_untagged_sets_the_exit_status() {
    let dir = site("fail");
    let o = consentry(&dir, &["scan", "--fail-on-untagged", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let o = consentry(&dir, &["scan", "--fail-on-untagged", "blog", "about.html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // After a rewrite, the site passes.
    assert!(consentry(&dir, &["rewrite", "--in-place", "-q", "."]).status.success());
    let o = consentry(&dir, &["scan", "--fail-on-untagged", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn policy_lists_the_vendors_found_with_cookies_and_retention() {
    let dir = site("policy");
    let o = consentry(&dir, &["scan", ".", "--policy", "cookies.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("untagged"), "the report still goes to stdout");
    let md = fs::read_to_string(dir.join("cookies.md")).expect("policy written");
    assert!(md.starts_with("| Vendor | Consent categories | Cookie or key | Type | Purpose | Retention |"), "{md}");
    assert!(md.contains("| `_ga` | cookie | analytics | 2 years |"), "{md}");
    for v in ["Google Analytics", "Microsoft Clarity", "YouTube"] {
        assert!(md.contains(v), "{v} missing: {md}");
    }
    assert!(!md.contains("Meta Pixel"), "only vendors found: {md}");
    let o = consentry(&dir, &["scan", ".", "--policy", "-", "--format", "json"]);
    let out = stdout(&o);
    let v = json::parse(&out).expect("policy JSON");
    let ids: Vec<&str> =
        v.get("vendors").and_then(Value::as_array).expect("vendors").iter().filter_map(|x| x.get("id").and_then(Value::as_str)).collect();
    assert!(ids.contains(&"google-analytics") && ids.contains(&"youtube") && ids.contains(&"microsoft-clarity"), "{ids:?}");
    let html = fs::read_to_string({
        consentry(&dir, &["scan", ".", "-p", "policy.html"]);
        dir.join("policy.html")
    })
    .expect("html policy");
    assert!(html.starts_with("<table class=\"consentry-policy\">"), "{html}");
}

#[test]
fn rewrite_in_place_holds_what_leaks_and_leaves_the_rest_alone() {
    let dir = site("inplace");
    let about_before = fs::metadata(dir.join("about.html")).and_then(|m| m.modified()).expect("mtime");
    let o = consentry(&dir, &["rewrite", "--in-place", "."]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("./index.html: held 2 tags (google-analytics, youtube)"), "{}", stderr(&o));
    let index = fs::read_to_string(dir.join("index.html")).expect("read");
    assert!(index.contains("<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\" type=\"text/plain\" data-category=\"analytics\" data-vendor=\"google-analytics\"></script>"), "{index}");
    assert!(
        index
            .contains("<iframe data-src=\"https://www.youtube.com/embed/x\" data-category=\"marketing\" data-vendor=\"youtube\"></iframe>"),
        "{index}"
    );
    assert_eq!(
        fs::metadata(dir.join("about.html")).and_then(|m| m.modified()).expect("mtime"),
        about_before,
        "a page with nothing to hold is not touched"
    );
    assert_eq!(fs::read_to_string(dir.join("notes.txt")).expect("read"), "<script src=\"https://bat.bing.com/bat.js\"></script>");
    let leftovers: Vec<_> =
        fs::read_dir(&dir).expect("ls").filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // Idempotent.
    let o = consentry(&dir, &["rewrite", "--in-place", "index.html"]);
    assert!(stderr(&o).contains("index.html: no vendor tag to hold"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(dir.join("index.html")).expect("read"), index);
}

#[test]
fn rewrite_reads_standard_input_and_honours_the_config() {
    let dir = site("stdin");
    fs::write(
        dir.join("site.json"),
        r#"{"vendors":{"exempt":["youtube"],"add":[{"id":"acme","categories":["analytics"],"hosts":["px.acme.example"]}]}}"#,
    )
    .expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_consentry"))
        .current_dir(&dir)
        .args(["rewrite", "-", "--config", "site.json", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"<iframe src=\"https://www.youtube.com/embed/x\"></iframe><img src=\"https://px.acme.example/p.gif\">")
            .expect("write");
    }
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "<iframe src=\"https://www.youtube.com/embed/x\"></iframe><img data-src=\"https://px.acme.example/p.gif\" data-category=\"analytics\" data-vendor=\"acme\">"
    );
}

#[test]
fn config_problems_are_warnings_naming_the_file_and_field() {
    let dir = site("warn");
    fs::write(dir.join("site.json"), r#"{"vendors":{"exempt":["no-such-vendor"]}}"#).expect("write");
    let o = consentry(&dir, &["rewrite", "about.html", "-c", "site.json"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("consentry: warning: site.json: vendors.exempt: no vendor \"no-such-vendor\""), "{}", stderr(&o));
}

#[test]
fn errors_name_the_file_and_the_problem() {
    let dir = site("errors");
    let o = consentry(&dir, &["rewrite", "missing.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("consentry: cannot read missing.html: "), "{}", stderr(&o));
    let o = consentry(&dir, &["scan", "index.html", "--config", "nope.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read nope.json"), "{}", stderr(&o));
    let o = consentry(&dir, &["rewrite", "index.html", "--base", "site.example"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("\"site.example\" is not an absolute http: or https: URL"), "{}", stderr(&o));
    let o = consentry(&dir, &["rewrite", "index.html", "--encoding", "utf-16"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("encoding \"utf-16\""), "{}", stderr(&o));
    let o = consentry(&dir, &["rewrite", "index.html", "-o", "index.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use --in-place"), "{}", stderr(&o));
    fs::create_dir_all(dir.join("empty")).expect("mkdir");
    let o = consentry(&dir, &["scan", "empty"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("empty: no .html or .htm file"), "{}", stderr(&o));
    let o = consentry(&dir, &["rewrite", "a.html", "b.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("several inputs need --in-place"), "{}", stderr(&o));
}

#[test]
fn vendors_exports_the_whole_table_as_json() {
    let o = consentry(Path::new("."), &["vendors", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let v = json::parse(&out).expect("valid JSON");
    let list = v.as_array().expect("an array");
    assert_eq!(list.len(), consentry::core::vendors::VENDOR_COUNT);
    let ga = list.iter().find(|x| x.get("id").and_then(Value::as_str) == Some("google-analytics")).expect("ga");
    for field in ["name", "company", "categories", "why", "policy", "hosts", "cookies", "storage", "exempt"] {
        assert!(ga.get(field).is_some(), "{field}");
    }
    assert!(!ga.get("why").and_then(Value::as_str).unwrap_or("").is_empty(), "native builds carry the notes");
    let cookie = ga.get("cookies").and_then(Value::as_array).and_then(|c| c.first()).expect("a cookie");
    assert!(cookie.get("retention").and_then(Value::as_str).is_some());
    let md = stdout(&consentry(Path::new("."), &["vendors", "-f", "markdown"]));
    assert_eq!(
        md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("|  |")).count(),
        list.len() + 2,
        "one first row per vendor, plus Consentry's own record and the header"
    );
    assert!(
        md.contains("| Consentry (this site) | necessary | `consentry` | cookie | necessary | 182 days |"),
        "the policy lists our own cookie"
    );
}

#[test]
fn help_and_version() {
    for (args, needle) in [
        (&["--help"][..], "consentry rewrite [OPTIONS] INPUT..."),
        (&["rewrite", "--help"][..], "--in-place"),
        (&["scan", "-h"][..], "--fail-on-untagged"),
        (&["help", "vendors"][..], "--format FORMAT"),
    ] {
        let o = consentry(Path::new("."), args);
        assert!(o.status.success(), "{args:?}");
        assert!(stdout(&o).contains(needle), "{args:?}: {}", stdout(&o));
    }
    assert!(stdout(&consentry(Path::new("."), &["--version"])).starts_with("consentry 0."));
    let o = consentry(Path::new("."), &["rewrite", "--frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--frobnicate"), "{}", stderr(&o));
}

#[test]
fn rewrite_refuses_ambiguous_markup_and_leaves_the_file_alone() {
    let dir = site("ambiguous");
    let page = "<select><style><img src=\"https://px.ads.linkedin.com/collect?pid=1\"></style></select>\n";
    fs::write(dir.join("form.html"), page).expect("write");
    let o = consentry(&dir, &["rewrite", "--in-place", "."]);
    assert!(!o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("form.html: a <style> inside <select> or after <frameset> can be read two ways"), "{err}");
    assert!(err.contains("Move the <style> out of the <select>"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("form.html")).expect("read"), page, "left as it was");
    assert!(err.contains("./index.html: held 2 tags"), "the other pages are still rewritten: {err}");
}
