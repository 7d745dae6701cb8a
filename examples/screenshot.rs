//! Renders the reader on the bundled library at 120×36 into `docs/screenshot.svg` and
//! `docs/screenshot.txt`, for the README: `cargo run --example screenshot`.
//! Colours are always on here (whatever `NO_COLOR` says), so the picture is reproducible.

use std::fmt::Write as _;

use demarche::config::Config;
use demarche::model::ingest::Context;
use demarche::model::library::Library;
use demarche::tui::event::{AppEvent, key};
use demarche::tui::panes;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

const W: u16 = 120;
const H: u16 = 36;
const CELL_W: u32 = 9;
const CELL_H: u32 = 18;
const BG: &str = "#1d1f21";
const FG: &str = "#d5d8d6";

fn main() -> anyhow::Result<()> {
    let config = Config::default();
    let ctx = Context::from_config(&config)?;
    let mut app = demarche::tui::build_app(Library::bundled(), ctx, &config, true)?;
    app.dispatch(&AppEvent::Resize(W, H));
    demarche::tui::index::index_now(&mut app, config.cleaning.site_chrome_min_statements);
    for ev in [
        key(KeyCode::Enter),
        key(KeyCode::Char(']')),
        key(KeyCode::Char('/')),
    ] {
        app.dispatch(&ev);
    }
    for c in "parliament".chars() {
        app.dispatch(&key(KeyCode::Char(c)));
    }
    app.dispatch(&key(KeyCode::Enter));
    let mut term = Terminal::new(TestBackend::new(W, H))?;
    term.draw(|f| panes::draw(f, &app))?;
    let buf = term.backend().buffer().clone();
    std::fs::create_dir_all("docs")?;
    std::fs::write("docs/screenshot.txt", text(&buf))?;
    std::fs::write("docs/screenshot.svg", svg(&buf))?;
    println!("wrote docs/screenshot.svg and docs/screenshot.txt");
    Ok(())
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A dark palette for the 16 named colours.
fn hex(c: Color, default: &str) -> String {
    match c {
        Color::Reset => default.to_owned(),
        Color::Black => "#1d1f21".into(),
        Color::Red => "#cc6666".into(),
        Color::Green => "#8fbf62".into(),
        Color::Yellow => "#f0c674".into(),
        Color::Blue => "#81a2be".into(),
        Color::Magenta => "#c397d8".into(),
        Color::Cyan => "#8abeb7".into(),
        Color::Gray => "#b4b7b4".into(),
        Color::DarkGray => "#4d5057".into(),
        Color::LightRed => "#ff7b7b".into(),
        Color::LightGreen => "#b5e890".into(),
        Color::LightYellow => "#ffe08a".into(),
        Color::LightBlue => "#a3c6ee".into(),
        Color::LightMagenta => "#e0b0ff".into(),
        Color::LightCyan => "#a8e6df".into(),
        Color::White => "#ffffff".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(_) => default.to_owned(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Cell colours after REVERSED is applied.
fn colours(cell: &ratatui::buffer::Cell) -> (String, String) {
    let (fg, bg) = (hex(cell.fg, FG), hex(cell.bg, BG));
    if cell.modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

fn svg(buf: &Buffer) -> String {
    let (w, h) = (
        u32::from(buf.area.width) * CELL_W,
        u32::from(buf.area.height) * CELL_H,
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="{BG}"/>"#);
    for y in 0..buf.area.height {
        // Runs of cells with the same look become one rect and one text element.
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let (fg, bg) = colours(cell);
            let bold = cell.modifier.contains(Modifier::BOLD);
            let under = cell.modifier.contains(Modifier::UNDERLINED);
            let dim = cell.modifier.contains(Modifier::DIM);
            let mut run = String::new();
            // One x per character, at its cell: fonts whose advance is not exactly one cell
            // then still line up with the grid (a single stretched run leaves gaps).
            let mut xs: Vec<String> = Vec::new();
            let start = x;
            while x < buf.area.width {
                let c = &buf[(x, y)];
                if colours(c) != (fg.clone(), bg.clone()) || c.modifier != cell.modifier {
                    break;
                }
                for ch in c.symbol().chars() {
                    run.push(ch);
                    xs.push((u32::from(x) * CELL_W).to_string());
                }
                x += 1;
            }
            let (px, py) = (u32::from(start) * CELL_W, u32::from(y) * CELL_H);
            let cells = u32::from(x - start);
            if bg != BG {
                let _ = writeln!(
                    out,
                    r#"<rect x="{px}" y="{py}" width="{}" height="{CELL_H}" fill="{bg}"/>"#,
                    cells * CELL_W
                );
            }
            if run.trim().is_empty() {
                continue;
            }
            let mut attrs = String::new();
            if bold {
                attrs.push_str(r#" font-weight="bold""#);
            }
            if under {
                attrs.push_str(r#" text-decoration="underline""#);
            }
            if dim {
                attrs.push_str(r#" opacity="0.7""#);
            }
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}" fill="{fg}" xml:space="preserve"{attrs}>{}</text>"#,
                xs.join(" "),
                py + CELL_H * 3 / 4,
                escape(&run)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}
