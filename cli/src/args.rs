//! The command line: subcommands, their options, and the help texts (which
//! document every flag).

use lexopt::prelude::*;
use lexopt::Arg;
use std::ffi::OsString;
use std::path::PathBuf;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// JSON.
    Json,
    /// Markdown tables.
    Markdown,
    /// HTML.
    Html,
}

impl Format {
    fn parse(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            _ => Err(format!("unknown format {s:?}: expected text, json, markdown or html")),
        }
    }

    /// The format a file name suggests (`policy.md` is Markdown), if any.
    pub fn of_path(p: &std::path::Path) -> Option<Format> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            "txt" => Some(Format::Text),
            _ => None,
        }
    }
}

/// Options shared by every command that reads pages.
#[derive(Clone, Debug, Default)]
pub struct SiteArgs {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--base URL`.
    pub base: Option<String>,
    /// `--encoding LABEL`.
    pub encoding: Option<String>,
}

/// `consentry rewrite`.
#[derive(Clone, Debug, Default)]
pub struct Rewrite {
    /// Files, directories (with `--in-place`), or `-` for standard input.
    pub inputs: Vec<PathBuf>,
    /// `--output FILE`.
    pub output: Option<PathBuf>,
    /// `--in-place`.
    pub in_place: bool,
    /// `--quiet`.
    pub quiet: bool,
    /// Site options.
    pub site: SiteArgs,
}

/// `consentry scan`.
#[derive(Clone, Debug)]
pub struct Scan {
    /// Files and directories.
    pub inputs: Vec<PathBuf>,
    /// `--format`.
    pub format: Format,
    /// `--policy FILE` (`-`: standard output).
    pub policy: Option<PathBuf>,
    /// `--fail-on-untagged`.
    pub fail_on_untagged: bool,
    /// `--drafts DIR`: a draft vendor file per unknown third-party host.
    pub drafts: Option<PathBuf>,
    /// Site options.
    pub site: SiteArgs,
}

/// `consentry vendors`.
#[derive(Clone, Debug)]
pub struct Vendors {
    /// `--format` (JSON by default).
    pub format: Format,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
}

/// `consentry service-worker`.
#[derive(Clone, Debug, Default)]
pub struct ServiceWorker {
    /// `--output FILE` (standard output without it).
    pub output: Option<PathBuf>,
}

/// What to do.
#[derive(Clone, Debug)]
pub enum Command {
    /// Rewrite pages.
    Rewrite(Rewrite),
    /// Scan pages.
    Scan(Scan),
    /// Export the vendor table.
    Vendors(Vendors),
    /// Write out the service-worker guard.
    ServiceWorker(ServiceWorker),
    /// Print a help text.
    Help(&'static str),
    /// Print the version.
    Version,
}

pub const MAIN_HELP: &str = "\
consentry: hold the static markup of tracking vendors before the browser fetches it

In a browser, an untagged <script src>, <img> or <iframe> of a tracker written in the
HTML is fetched by the preload scanner before any script can react. `consentry rewrite`
puts such markup into the held form the Consentry script releases on consent, from the
same vendor table and the same decisions.

Usage:
  consentry rewrite [OPTIONS] INPUT...   hold the vendor tags of HTML pages
  consentry scan [OPTIONS] PATH...       list the vendors in HTML pages; cookie policy
  consentry vendors [OPTIONS]            export the vendor table
  consentry service-worker [-o FILE]     write out consentry-sw.js, the service-worker guard
  consentry help [COMMAND]               this text, or a command's

Options:
  -h, --help       show help (`consentry COMMAND --help` for a command's options)
  -V, --version    show the version

Exit status: 0 success; 1 `scan --fail-on-untagged` found an untagged vendor tag;
2 bad usage, or a file that cannot be read or written.
";

pub const REWRITE_HELP: &str = "\
consentry rewrite: put every static tag of a known tracking vendor into held form

Usage:
  consentry rewrite [OPTIONS] FILE              write the page to standard output
  consentry rewrite [OPTIONS] -                 read standard input, write standard output
  consentry rewrite [OPTIONS] FILE -o OUT       write the page to OUT
  consentry rewrite [OPTIONS] --in-place PATH...
                                                rewrite files in place; directories are
                                                searched for .html and .htm files

Every <script src>, <img>, <iframe>, <frame>, <link>, <source>, <embed>, <object>,
<video>, <audio> and <input> of a vendor the table holds (with the site's configuration)
gets: on scripts, type=\"text/plain\" (any original type kept in data-type, src kept: a
script of that type is never fetched); on the others, each URL attribute moved to data-*
(src to data-src, srcset to data-srcset, href to data-href, ...); on all, data-category
and data-vendor. The Consentry script restores exactly these on consent. Everything else
is left byte for byte; tags already held are left alone, so a second run changes nothing.
The input is streamed: memory stays constant whatever its size. Invalid HTML is read the
way a browser reads it and passed through, except a text element (<style>, <title>,
<textarea>, <noscript>...) inside <select> or after <frameset>, which browsers may read
two ways: that page is refused (an error naming the tag; --in-place leaves it as it was).

Options:
  -o, --output FILE      write to FILE instead of standard output (one input only)
  -i, --in-place         rewrite each input file in place (a file with nothing to hold is
                         not touched); directories are searched for .html and .htm files
  -c, --config FILE      the site's configuration: the JSON of window.ConsentryConfig.
                         vendors.add, vendors.categories and vendors.exempt apply
  -b, --base URL         the URL the pages are served from, to resolve relative URLs
                         (default: relative URLs are first party)
  -e, --encoding LABEL   the pages' encoding when it is not UTF-8 and the page does not
                         declare it with <meta charset> (e.g. windows-1252, shift_jis)
  -q, --quiet            no summary on standard error (errors and warnings still show)
  -h, --help             show this help

Exit status: 0 success; 2 bad usage, an invalid --base or --encoding, or a file that
cannot be read or written (with --in-place the other files are still rewritten).
";

pub const SCAN_HELP: &str = "\
consentry scan: list the vendors in HTML pages (a built site), and their cookie policy

Usage:
  consentry scan [OPTIONS] PATH...    files, or directories searched for .html and .htm files

Reports each vendor tag: file:line:column, kind, vendor, the categories it needs on this
site, URL, and status:
  untagged           a static tag the browser fetches before consent: run `consentry rewrite`
  tagged             held before consent (rewritten, or tagged by hand)
  inline             a vendor URL in an inline script (its snippet): held by Consentry when
                     the script inserts it
  allowed            a vendor the site does not hold (necessary only, or exempted)
  invalid-category   held for good: its data-category is invalid
then a summary per vendor, and the third-party hosts the vendor table does not know
(they load untouched; each is a lead for the table: see --drafts).

Options:
  -f, --format FORMAT    text (default), json, markdown or html
  -p, --policy FILE      also write the cookie policy table of the vendors found (tagged,
                         untagged, inline and allowed): vendor, company and privacy policy,
                         categories, each cookie and storage key with its retention. Its
                         format follows FILE's extension (.md, .html, .json; otherwise
                         text). With -, the policy is written to standard output in
                         --format, instead of the report
      --fail-on-untagged exit with status 1 when an untagged vendor tag is found (for CI)
  -d, --drafts DIR       write a draft vendor file (DIR/<id>.toml) for each unknown
                         third-party host, to review and add to the vendor table
                         (crate/vendors/) or the site's ConsentryConfig.vendors.add
  -c, --config FILE      the site's configuration: the JSON of window.ConsentryConfig
  -b, --base URL         the URL the pages are served from, to resolve relative URLs
                         (default: relative URLs are first party)
  -e, --encoding LABEL   the pages' encoding when not UTF-8 and not declared by the page
  -h, --help             show this help

Exit status: 0 success; 1 --fail-on-untagged and an untagged vendor tag was found;
2 bad usage, or a file that cannot be read or written.
";

pub const VENDORS_HELP: &str = "\
consentry vendors: export the vendor table

Usage:
  consentry vendors [OPTIONS]

Options:
  -f, --format FORMAT    json (default): every vendor in the shape of Consentry.vendors(),
                         with hosts, cookies, storage keys and notes; text, markdown or
                         html: the cookie policy table of every vendor
  -c, --config FILE      include the site's added vendors, category changes and exemptions
  -h, --help             show this help

Exit status: 0 success; 2 bad usage, or a configuration file that cannot be read.
";

pub const SERVICE_WORKER_HELP: &str = "\
consentry service-worker: write out consentry-sw.js, the service-worker guard

Serve it from the site's origin and name it in the configuration
(serviceWorker: { url: '/consentry-sw.js' }): from the page view it controls, it holds
the requests no script can see (the preload scanner's, import(), CSS url(), workers).

Usage:
  consentry service-worker [-o FILE]

Options:
  -o, --output FILE      write it there (default: standard output)
  -h, --help             show this help

Exit status: 0 success; 2 bad usage, a file that cannot be written, or a consentry
built without the worker (build it after `npm run build`).
";

fn text(v: OsString, what: &str) -> Result<String, String> {
    v.into_string().map_err(|v| format!("{what} {v:?} is not valid UTF-8"))
}

/// The site options, told apart before their value is read.
#[derive(Clone, Copy)]
enum SiteFlag {
    Config,
    Base,
    Encoding,
}

fn site_flag(arg: &Arg<'_>) -> Option<SiteFlag> {
    match arg {
        Short('c') | Long("config") => Some(SiteFlag::Config),
        Short('b') | Long("base") => Some(SiteFlag::Base),
        Short('e') | Long("encoding") => Some(SiteFlag::Encoding),
        _ => None,
    }
}

fn site_option(flag: SiteFlag, p: &mut lexopt::Parser, site: &mut SiteArgs) -> Result<(), String> {
    let v = p.value().map_err(|e| e.to_string())?;
    match flag {
        SiteFlag::Config => site.config = Some(v.into()),
        SiteFlag::Base => site.base = Some(text(v, "--base")?),
        SiteFlag::Encoding => site.encoding = Some(text(v, "--encoding")?),
    }
    Ok(())
}

fn format_value(p: &mut lexopt::Parser) -> Result<Format, String> {
    Format::parse(&text(p.value().map_err(|e| e.to_string())?, "--format")?)
}

/// Parses the arguments (without the program name). Errors are messages
/// for the user.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut p = lexopt::Parser::from_args(args);
    let first = match p.next().map_err(|e| e.to_string())? {
        None => return Ok(Command::Help(MAIN_HELP)),
        Some(Short('h') | Long("help")) => return Ok(Command::Help(MAIN_HELP)),
        Some(Short('V') | Long("version")) => return Ok(Command::Version),
        Some(Value(v)) => text(v, "command")?,
        Some(other) => return Err(format!("{}: a command comes first (rewrite, scan, vendors or service-worker)", other.unexpected())),
    };
    match first.as_str() {
        "rewrite" => rewrite(&mut p),
        "scan" => scan(&mut p),
        "vendors" => vendors(&mut p),
        "service-worker" => service_worker(&mut p),
        "help" => Ok(Command::Help(match p.next().map_err(|e| e.to_string())? {
            Some(Value(v)) if v == "rewrite" => REWRITE_HELP,
            Some(Value(v)) if v == "scan" => SCAN_HELP,
            Some(Value(v)) if v == "vendors" => VENDORS_HELP,
            Some(Value(v)) if v == "service-worker" => SERVICE_WORKER_HELP,
            None => MAIN_HELP,
            Some(other) => return Err(format!("no help for {}: commands are rewrite, scan, vendors and service-worker", describe(other))),
        })),
        other => Err(format!("unknown command {other:?}: expected rewrite, scan, vendors, service-worker or help (see consentry --help)")),
    }
}

fn describe(a: Arg<'_>) -> String {
    match a {
        Value(v) => format!("{v:?}"),
        other => other.unexpected().to_string(),
    }
}

fn rewrite(p: &mut lexopt::Parser) -> Result<Command, String> {
    let mut r = Rewrite::default();
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        if let Some(flag) = site_flag(&arg) {
            site_option(flag, p, &mut r.site)?;
            continue;
        }
        match arg {
            Short('o') | Long("output") => r.output = Some(p.value().map_err(|e| e.to_string())?.into()),
            Short('i') | Long("in-place") => r.in_place = true,
            Short('q') | Long("quiet") => r.quiet = true,
            Short('h') | Long("help") => return Ok(Command::Help(REWRITE_HELP)),
            Value(v) => r.inputs.push(v.into()),
            other => return Err(format!("rewrite: {} (see consentry rewrite --help)", other.unexpected())),
        }
    }
    if r.inputs.is_empty() {
        return Err("rewrite: no input: give an HTML file, - for standard input, or --in-place with files or directories".into());
    }
    if r.in_place && r.output.is_some() {
        return Err("rewrite: --in-place and --output cannot be used together".into());
    }
    if r.in_place && r.inputs.iter().any(|i| i.as_os_str() == "-") {
        return Err("rewrite: standard input (-) cannot be rewritten in place".into());
    }
    if !r.in_place && r.inputs.len() > 1 {
        return Err("rewrite: several inputs need --in-place (or rewrite them one at a time with -o)".into());
    }
    Ok(Command::Rewrite(r))
}

fn scan(p: &mut lexopt::Parser) -> Result<Command, String> {
    let mut s =
        Scan { inputs: Vec::new(), format: Format::Text, policy: None, fail_on_untagged: false, drafts: None, site: SiteArgs::default() };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        if let Some(flag) = site_flag(&arg) {
            site_option(flag, p, &mut s.site)?;
            continue;
        }
        match arg {
            Short('f') | Long("format") => s.format = format_value(p)?,
            Short('p') | Long("policy") => s.policy = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("fail-on-untagged") => s.fail_on_untagged = true,
            Short('d') | Long("drafts") => s.drafts = Some(p.value().map_err(|e| e.to_string())?.into()),
            Short('h') | Long("help") => return Ok(Command::Help(SCAN_HELP)),
            Value(v) => s.inputs.push(v.into()),
            other => return Err(format!("scan: {} (see consentry scan --help)", other.unexpected())),
        }
    }
    if s.inputs.is_empty() {
        return Err("scan: no input: give HTML files or directories (a built site)".into());
    }
    Ok(Command::Scan(s))
}

fn vendors(p: &mut lexopt::Parser) -> Result<Command, String> {
    let mut v = Vendors { format: Format::Json, config: None };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('f') | Long("format") => v.format = format_value(p)?,
            Short('c') | Long("config") => v.config = Some(p.value().map_err(|e| e.to_string())?.into()),
            Short('h') | Long("help") => return Ok(Command::Help(VENDORS_HELP)),
            other => return Err(format!("vendors: {} (see consentry vendors --help)", other.unexpected())),
        }
    }
    Ok(Command::Vendors(v))
}

fn service_worker(p: &mut lexopt::Parser) -> Result<Command, String> {
    let mut w = ServiceWorker::default();
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('o') | Long("output") => w.output = Some(p.value().map_err(|e| e.to_string())?.into()),
            Short('h') | Long("help") => return Ok(Command::Help(SERVICE_WORKER_HELP)),
            other => return Err(format!("service-worker: {} (see consentry service-worker --help)", other.unexpected())),
        }
    }
    Ok(Command::ServiceWorker(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Command, String> {
        parse(s.split_whitespace().map(OsString::from))
    }

    #[test]
    fn commands() {
        assert!(matches!(parse_str("rewrite a.html -o b.html"), Ok(Command::Rewrite(r)) if r.output.is_some() && r.inputs.len() == 1));
        assert!(
            matches!(parse_str("rewrite --in-place dist --config=c.json --base https://x.example/"), Ok(Command::Rewrite(r)) if r.in_place && r.site.config.is_some() && r.site.base.is_some())
        );
        assert!(matches!(parse_str("rewrite -"), Ok(Command::Rewrite(_))));
        assert!(
            matches!(parse_str("scan dist --format json --fail-on-untagged -p policy.md"), Ok(Command::Scan(s)) if s.format == Format::Json && s.fail_on_untagged && s.policy.is_some())
        );
        assert!(matches!(parse_str("vendors"), Ok(Command::Vendors(v)) if v.format == Format::Json));
        assert!(matches!(parse_str("service-worker -o public/consentry-sw.js"), Ok(Command::ServiceWorker(w)) if w.output.is_some()));
        assert!(matches!(parse_str("service-worker"), Ok(Command::ServiceWorker(w)) if w.output.is_none()));
        assert!(matches!(parse_str("help service-worker"), Ok(Command::Help(h)) if h == SERVICE_WORKER_HELP));
        assert!(parse_str("service-worker --nope").is_err());
        assert!(matches!(parse_str("help scan"), Ok(Command::Help(h)) if h == SCAN_HELP));
        assert!(matches!(parse_str("scan --help"), Ok(Command::Help(h)) if h == SCAN_HELP));
        assert!(matches!(parse_str(""), Ok(Command::Help(h)) if h == MAIN_HELP));
    }

    #[test]
    fn usage_errors_say_what_is_wrong() {
        let err = |s: &str| parse_str(s).err().unwrap_or_default();
        assert!(err("rewrite a.html b.html").contains("--in-place"));
        assert!(err("rewrite").contains("no input"));
        assert!(err("rewrite -i -").contains("standard input"));
        assert!(err("rewrite a.html --frobnicate").contains("--frobnicate"));
        assert!(err("scan x --format yaml").contains("yaml"));
        assert!(err("scan").contains("no input"));
        assert!(err("frob").contains("unknown command"));
        assert!(err("rewrite a.html -o").contains("-o"));
    }

    /// Every option a parser accepts appears in its help text.
    #[test]
    fn help_documents_every_flag() {
        for (help, flags) in [
            (
                REWRITE_HELP,
                &["-o, --output", "-i, --in-place", "-c, --config", "-b, --base", "-e, --encoding", "-q, --quiet", "-h, --help"][..],
            ),
            (
                SCAN_HELP,
                &["-f, --format", "-p, --policy", "--fail-on-untagged", "-c, --config", "-b, --base", "-e, --encoding", "-h, --help"][..],
            ),
            (VENDORS_HELP, &["-f, --format", "-c, --config", "-h, --help"][..]),
            (MAIN_HELP, &["-h, --help", "-V, --version"][..]),
        ] {
            for f in flags {
                assert!(help.contains(f), "{f} missing from help");
            }
        }
    }
}
