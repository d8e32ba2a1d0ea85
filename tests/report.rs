//! The report for a state leader: its summary checked against the example state by hand, its
//! page parsed by a browser-grade HTML parser, self-contained and byte-stable.

#[path = "report/example.rs"]
mod example;

use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{ParseOpts, parse_document};
use implsci::coaching::measures::{Window, coaching_report};
use implsci::report::{ReportError, ReportInputs, ReportParams, ScoreSet, Topic, report};
use implsci::stage::{Stage, StageHistory};
use implsci::system::System;
use markup5ever_rcdom::RcDom;

use example::{data, example_report, inputs};

/// The parse errors of an HTML document, as the HTML standard's parser reports them.
fn parse_errors(html: &str) -> Vec<String> {
    let opts = ParseOpts {
        tokenizer: TokenizerOpts {
            exact_errors: true,
            ..TokenizerOpts::default()
        },
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            ..TreeBuilderOpts::default()
        },
    };
    let dom = parse_document(RcDom::default(), opts)
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .expect("reading from memory");
    dom.errors
        .borrow()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn finding(report: &implsci::report::Report, topic: Topic) -> String {
    report
        .findings()
        .iter()
        .find(|f| f.topic == topic)
        .unwrap_or_else(|| panic!("a finding on {}", topic.label()))
        .text
        .clone()
}

#[test]
fn the_page_parses_without_errors_and_loads_nothing() {
    let x = inputs();
    let html = example_report(&x).to_html();
    assert_eq!(parse_errors(&html), Vec::<String>::new());
    // Self-contained: no script, no external asset of any kind.
    for needle in ["<script", " src=", "@import", "<link", "<iframe"] {
        assert!(!html.contains(needle), "the page contains `{needle}`");
    }
    // References stay inside the page: the charts' own patterns.
    assert_eq!(html.matches("url(").count(), html.matches("url(#").count());
    assert_eq!(
        html.matches(" href=").count(),
        html.matches(" href=\"#").count()
    );
    // The chain of support, coaching, stages and capacity are drawn.
    assert!(html.contains("<figcaption>The chain of support on 2025-01-31</figcaption>"));
    assert!(html.contains(
        "<figcaption>Coaching delivered against plans, 2024-07-01 to 2025-01-31</figcaption>"
    ));
    assert!(html.contains(STAGES_CAPTION), "the stages chart");
    assert!(html.contains(CAPACITY_CAPTION), "the capacity heat map");
    // The only address is the SVG namespace.
    let addresses = html.matches("http").count();
    assert_eq!(
        addresses,
        html.matches("http://www.w3.org/2000/svg").count()
    );
}

/// The stages chart's caption in the example report.
const STAGES_CAPTION: &str = "<figcaption>Check-in/Check-out (illustrative example) stages by \
                              district, 2024-07-01 to 2025-01-31</figcaption>";
/// The capacity heat map's caption in the example report.
const CAPACITY_CAPTION: &str = "<figcaption>District capacity (illustrative local items in the \
                                DCA shape) by district on 2025-01-31</figcaption>";

#[test]
fn the_stages_chart_counts_each_districts_schools_per_quarter() {
    let x = inputs();
    let page = example_report(&x);
    let html = page.to_html();
    let figure = html
        .split(STAGES_CAPTION)
        .nth(1)
        .expect("the stages figure");
    let figure = &figure[..figure.find("</figure>").unwrap()];
    // A panel per district, a bar per quarter from the window's first day to the date.
    assert_eq!(figure.matches("class=\"panel\"").count(), 4);
    for quarter in ["2024-Q3", "2024-Q4", "2025-Q1"] {
        assert!(figure.contains(quarter), "{quarter}");
    }
    // Lincoln Elementary moves back to Installation in October 2024 (the event log).
    assert!(figure.contains("data-segment=\"installation\""));
    assert!(
        figure.contains("<p class=\"source\">Source: The stages: NIRN Active Implementation Hub")
    );
    // The heat map: one row per district, its subscales and total.
    let heat = html
        .split(CAPACITY_CAPTION)
        .nth(1)
        .expect("the capacity figure");
    let heat = &heat[..heat.find("</figure>").unwrap()];
    let cells = heat.matches("class=\"cell\"").count() + heat.matches("class=\"no-data\"").count();
    assert_eq!(cells, 4 * 4);
    assert!(heat.contains("cells at or above 80% are outlined"));
}

#[test]
fn stages_and_capacity_are_left_out_without_their_inputs() {
    let x = inputs();
    let params = ReportParams::new("district".parse().unwrap(), "2025-01-31".parse().unwrap());
    let stages_drawn = |html: &str| html.contains("stages by district");
    let capacity_drawn = |html: &str| html.contains(CAPACITY_CAPTION);
    // The system alone.
    let html = report(&ReportInputs::new(&x.system), &params)
        .unwrap()
        .to_html();
    assert!(!stages_drawn(&html) && !capacity_drawn(&html));
    assert_eq!(parse_errors(&html), Vec::<String>::new());
    // Site records without a stage history, and the scores without their instrument's
    // definition: neither chart.
    let sets = [ScoreSet::new(&x.dca.0.id, &x.dca.0.name, &x.dca.1)];
    let inputs = ReportInputs::new(&x.system).sites(&x.sites).scores(&sets);
    let html = report(&inputs, &params).unwrap().to_html();
    assert!(!stages_drawn(&html) && !capacity_drawn(&html));
    // The definition alone draws the heat map.
    let sets = [ScoreSet::of(&x.dca.0, &x.dca.1)];
    let html = report(&ReportInputs::new(&x.system).scores(&sets), &params)
        .unwrap()
        .to_html();
    assert!(capacity_drawn(&html) && !stages_drawn(&html));
    // A site record with a stage history draws the stages, without an event log.
    let mut lincoln = x
        .sites
        .iter()
        .find(|s| s.site.as_str() == "lincoln-es")
        .expect("Lincoln's record")
        .clone();
    let mut history = StageHistory::new(x.innovation.id.clone());
    history.record(Stage::Exploration, "2024-08-15".parse().unwrap());
    history.record(Stage::Installation, "2024-11-04".parse().unwrap());
    lincoln.stages.push(history);
    let sites = [lincoln];
    let html = report(&ReportInputs::new(&x.system).sites(&sites), &params)
        .unwrap()
        .to_html();
    assert!(html.contains(
        "<figcaption>check-in-check-out stages by district, 2024-07-01 to 2025-01-31</figcaption>"
    ));
    assert!(!capacity_drawn(&html));
    assert_eq!(parse_errors(&html), Vec::<String>::new());
    // Lincoln is in Exploration from August, the other schools have no stage recorded.
    assert!(html.contains("data-segment=\"exploration\""));
}

#[test]
fn the_page_is_byte_stable() {
    let x = inputs();
    assert_eq!(example_report(&x).to_html(), example_report(&x).to_html());
}

#[test]
fn the_summary_says_where_the_chain_breaks_and_whom_it_leaves_out() {
    let x = inputs();
    let page = example_report(&x);
    // Three break points, top-down: Brunswick (its district team is not supported by the
    // state team: Brunswick itself, Southport and Leland), Roosevelt (its building team is
    // not supported by Wake's), Parkwood (not supported by the Central Region team; Durham
    // has no team, so Central's governs it).
    let chain = finding(&page, Topic::Chain);
    assert!(chain.starts_with("The chain of support breaks at 3 places, leaving 5 of 17 units"));
    let brunswick = chain
        .find("at Brunswick County Schools (district)")
        .expect("Brunswick");
    let roosevelt = chain
        .find("at Roosevelt Elementary (school)")
        .expect("Roosevelt");
    let parkwood = chain
        .find("at Parkwood Elementary (school)")
        .expect("Parkwood");
    assert!(brunswick < roosevelt && roosevelt < parkwood);
    assert!(
        chain.contains(
            "State Department of Public Instruction supports its team (3 units affected)"
        )
    );
    // 5 + 5 + 4 + 5 practitioners at Roosevelt, Parkwood, Southport and Leland (the schools
    // whose chain breaks) out of 46 active on the date.
    let support = finding(&page, Topic::Support);
    assert!(
        support.starts_with("19 of the 46 practitioners (41%)"),
        "{support}"
    );
}

#[test]
fn the_summary_counts_coaching_as_the_coaching_measures_do() {
    let x = inputs();
    let page = example_report(&x);
    let text = finding(&page, Topic::Coaching);
    // The report's window: the school year's first day to the date looked at.
    let window = Window::new("2024-07-01".parse().unwrap(), "2025-01-31".parse().unwrap()).unwrap();
    let coaching = coaching_report(&x.events, window, "2025-01-31".parse().unwrap());
    let planned: u64 = coaching
        .practitioners
        .iter()
        .map(|p| p.planned_cycles)
        .sum();
    let delivered: u64 = coaching
        .practitioners
        .iter()
        .map(|p| p.cycles_complete.min(p.planned_cycles))
        .sum();
    assert_eq!((delivered, planned), (3, 27));
    assert!(
        text.contains("3 of the 27 planned coaching cycles (11%) were delivered"),
        "{text}"
    );
    assert!(text.starts_with("29 of the 46 practitioners (63%) are in a coach's caseload"));
    assert!(text.contains("1 coach carries more than their capacity (coach-wake-1)"));
    assert!(text.contains("fidelity to Check-in/Check-out"));
}

#[test]
fn the_summary_names_where_loops_are_stuck() {
    let x = inputs();
    let text = finding(&example_report(&x), Topic::Loops);
    assert_eq!(
        text,
        "4 items were raised from practice up to 2025-01-31: 2 open, 2 of them stuck where the \
         chain of support breaks (at Brunswick County Schools, Roosevelt Elementary); 2 \
         resolved, 2 closed (median 34 days from raised to closed)."
    );
}

#[test]
fn an_input_not_given_is_said_so_never_counted_as_zero() {
    let system = System::from_json(&data("state_system.json")).unwrap();
    let params = ReportParams::new("district".parse().unwrap(), "2025-01-31".parse().unwrap());
    let page = report(&ReportInputs::new(&system), &params).unwrap();
    assert!(
        finding(&page, Topic::Coaching)
            .ends_with("No event log was given, so coaching delivered is not known.")
    );
    assert_eq!(
        finding(&page, Topic::Loops),
        "No event log was given, so the practice–policy loops are not known."
    );
    let html = page.to_html();
    assert!(!html.contains("Coaching per district"));
    assert!(!html.contains("Feedback loops up to"));
    assert!(html.contains("no event log; no site records; no scored administrations"));
    assert_eq!(parse_errors(&html), Vec::<String>::new());
}

#[test]
fn every_section_says_what_it_measures_and_its_source() {
    let x = inputs();
    let html = example_report(&x).to_html();
    let sections =
        html.matches("<figure>").count() + html.matches("<section class=\"table\">").count();
    assert!(sections >= 5, "{sections} sections");
    assert_eq!(html.matches("<p class=\"measures\">").count(), sections);
    assert_eq!(
        html.matches("<p class=\"source\">Source: ").count(),
        sections
    );
}

#[test]
fn tables_carry_the_ancestor_columns() {
    let x = inputs();
    let html = example_report(&x).to_html();
    let table = html
        .split("<h3>Units below the district level whose chain breaks</h3>")
        .nth(1)
        .expect("the table of broken chains below the districts");
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("<th>state</th><th>region</th><th>district</th><th>unit</th>"));
    assert!(table.contains(
        "<td>State Department of Public Instruction</td><td>Coastal Region</td>\
         <td>Brunswick County Schools</td><td>Southport Elementary</td>"
    ));
    assert_eq!(table.matches("<tr>").count(), 1 + 4); // the header and 4 schools
}

#[test]
fn names_are_escaped_and_the_page_still_parses() {
    let json = data("state_system.json").replace(
        "\"Wake County Schools\"",
        "\"<script>alert(1)</script> & \\\"Wake\\\" \\u0007\"",
    );
    let system = System::from_json(&json).unwrap();
    let params = ReportParams::new("district".parse().unwrap(), "2025-01-31".parse().unwrap());
    let html = report(&ReportInputs::new(&system), &params)
        .unwrap()
        .to_html();
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Wake&quot;"));
    assert_eq!(parse_errors(&html), Vec::<String>::new());
}

#[test]
fn a_level_the_system_lacks_and_a_window_after_the_date_are_refused() {
    let system = System::from_json(&data("state_system.json")).unwrap();
    let params = ReportParams::new("county".parse().unwrap(), "2025-01-31".parse().unwrap());
    assert!(matches!(
        report(&ReportInputs::new(&system), &params),
        Err(ReportError::UnknownLevel { .. })
    ));
    let mut params = ReportParams::new("district".parse().unwrap(), "2025-01-31".parse().unwrap());
    params.window_start = Some("2025-02-01".parse().unwrap());
    let err = report(&ReportInputs::new(&system).events(&[]), &params)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "the coaching window's first day 2025-02-01 is after the date looked at, 2025-01-31"
    );
}

#[test]
fn the_text_summary_is_wrapped_for_a_terminal() {
    let x = inputs();
    let text = example_report(&x).to_string();
    assert!(text.starts_with("Example State (illustrative): implementation report\n====="));
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(!text.contains("Some(") && !text.contains("UnitId("));
}
