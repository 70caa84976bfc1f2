//! Line charts as SVG, written by hand: time against endpoint count, both
//! axes logarithmic, so that linear growth is a straight line of slope 1
//! whatever the sizes, and the distance between two lines is their ratio.

use std::fmt::Write as _;

/// One line of a chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// The legend's text.
    pub label: String,
    /// `(endpoint count, seconds)`, both positive.
    pub points: Vec<(f64, f64)>,
    /// An SVG color.
    pub color: &'static str,
    /// Drawn dashed (the secondary path of a tool, such as its macro).
    pub dashed: bool,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 400.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 50.0;

/// A chart of `series`, titled `title`, with time on the y axis.
#[must_use]
pub fn time_chart(title: &str, series: &[Series]) -> String {
    let points = series.iter().flat_map(|series| series.points.iter().copied());
    let (mut x_min, mut x_max, mut y_min, mut y_max) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (x, y) in points.filter(|&(x, y)| x > 0.0 && y > 0.0) {
        x_min = x_min.min(x);
        x_max = x_max.max(x);
        y_min = y_min.min(y);
        y_max = y_max.max(y);
    }
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="22" font-size="15" text-anchor="middle">{}</text>"#,
        WIDTH / 2.0,
        escape(title)
    );
    if x_min > x_max {
        svg.push_str("<text x=\"320\" y=\"200\" text-anchor=\"middle\">no data</text>\n</svg>\n");
        return svg;
    }
    // Whole decades around the data, so that the grid lines are 1, 10, 100…
    let (x_low, x_high) = (x_min.log10().floor(), x_max.log10().ceil().max(x_min.log10().floor() + 1.0));
    let (y_low, y_high) = (y_min.log10().floor(), y_max.log10().ceil().max(y_min.log10().floor() + 1.0));
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let to_x = |x: f64| LEFT + (x.log10() - x_low) / (x_high - x_low) * plot_width;
    let to_y = |y: f64| TOP + plot_height - (y.log10() - y_low) / (y_high - y_low) * plot_height;

    // Grid and ticks, one per decade.
    let mut decade = y_low;
    while decade <= y_high {
        let y = to_y(10f64.powf(decade));
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/>"##,
            LEFT + plot_width
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 6.0,
            y + 4.0,
            seconds_label(10f64.powf(decade))
        );
        decade += 1.0;
    }
    let mut decade = x_low;
    while decade <= x_high {
        let x = to_x(10f64.powf(decade));
        let _ = writeln!(
            svg,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{:.1}" stroke="#ddd"/>"##,
            TOP + plot_height
        );
        let _ = writeln!(
            svg,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            TOP + plot_height + 18.0,
            10f64.powf(decade).round()
        );
        decade += 1.0;
    }
    let _ = writeln!(
        svg,
        r##"<rect x="{LEFT}" y="{TOP}" width="{plot_width}" height="{plot_height}" fill="none" stroke="#888"/>"##
    );
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">endpoints (log scale)</text>"#,
        LEFT + plot_width / 2.0,
        HEIGHT - 10.0
    );
    let _ = writeln!(
        svg,
        r#"<text x="16" y="{:.1}" text-anchor="middle" transform="rotate(-90 16 {:.1})">time (log scale)</text>"#,
        TOP + plot_height / 2.0,
        TOP + plot_height / 2.0
    );

    for (index, series) in series.iter().enumerate() {
        let mut points: Vec<(f64, f64)> = series.points.iter().copied().filter(|&(x, y)| x > 0.0 && y > 0.0).collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let dash = if series.dashed { r#" stroke-dasharray="6 4""# } else { "" };
        let path: Vec<String> = points.iter().map(|&(x, y)| format!("{:.1},{:.1}", to_x(x), to_y(y))).collect();
        let color = series.color;
        let _ = writeln!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"{dash}/>"#,
            path.join(" ")
        );
        for &(x, y) in &points {
            let _ = writeln!(svg, r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"/>"#, to_x(x), to_y(y));
        }
        // The legend, right of the plot.
        #[allow(clippy::cast_precision_loss, reason = "a handful of series")]
        let legend_y = TOP + 10.0 + index as f64 * 20.0;
        let legend_x = LEFT + plot_width + 12.0;
        let _ = writeln!(
            svg,
            r#"<line x1="{legend_x:.1}" y1="{legend_y:.1}" x2="{:.1}" y2="{legend_y:.1}" stroke="{color}" stroke-width="2"{dash}/>"#,
            legend_x + 24.0
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            legend_x + 30.0,
            legend_y + 4.0,
            escape(&series.label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// `1 ms`, `10 s`: a power of ten of seconds, in the unit that reads best.
fn seconds_label(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{} s", seconds.round())
    } else if seconds >= 1e-3 {
        format!("{} ms", (seconds * 1e3).round())
    } else {
        format!("{} µs", (seconds * 1e6).round())
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::{Series, seconds_label, time_chart};

    #[test]
    fn a_chart_has_a_line_per_series() {
        let series = |label: &str, factor: f64| Series {
            label: label.to_owned(),
            points: vec![(10.0, 0.01 * factor), (100.0, 0.1 * factor), (5000.0, 5.0 * factor)],
            color: "#1f77b4",
            dashed: false,
        };
        let svg = time_chart("cargo check <a & b>", &[series("one", 1.0), series("two", 3.0)]);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("cargo check &lt;a &amp; b&gt;"));
        assert!(svg.ends_with("</svg>\n"));
        assert!(time_chart("empty", &[]).contains("no data"));
    }

    #[test]
    fn tick_labels() {
        assert_eq!(seconds_label(10.0), "10 s");
        assert_eq!(seconds_label(0.01), "10 ms");
        assert_eq!(seconds_label(1e-5), "10 µs");
    }
}
