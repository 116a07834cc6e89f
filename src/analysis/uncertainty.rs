//! How robust the ranks are (排名稳健性): the scores re-computed many times
//! with the dimensions' points (or weights) perturbed, to show how far each
//! unit's rank and grade hang on the exact points the framework gives each
//! dimension. For internal use (内部掌握): the published ranks and grades are
//! the run's, never these. Owns the simulation and its sheet; it reads a
//! [`Scored`] and must not re-score from the table (no file reading, no polars).
//!
//! The method, in the words the sheet's note repeats:
//!
//! - **Draws.** `draws` times, each perturbed input `d` gets a relative
//!   change `u_d`, uniform in `[−spread, +spread)`, independent across inputs
//!   and draws, from a [`SplitMix64`](crate::rng::SplitMix64) stream seeded with [`Settings::seed`]:
//!   the same settings give the same result on every run and machine. The
//!   stream is used in a fixed order: the joint draws first (draw by draw,
//!   inputs in framework order), then the one-at-a-time runs, input by input.
//! - **`points` mode.** The inputs are the top-level dimensions with declared
//!   points `P_d`. Each draw sets `P'_d = P_d (1 + u_d)`, then scales all of
//!   them by `Σ P_d / Σ P'_d`, so that they add up to the declared total again
//!   (100 in `county-core`). A unit keeps its share of each dimension: its
//!   score there becomes `score_d × P'_d / P_d`. The base becomes the run's
//!   base + `Σ_d score_d (P'_d / P_d − 1)`, rounded half-up to hundredths
//!   each draw as the real scoring holds points (so equal totals tie exactly
//!   as they would); total = base + bonus (as capped) − deductions, not below
//!   0, with the run's bonus, deductions and vetoes. Ranks: competition
//!   ranking (1, 2, 2, 4) with the framework's `tie-break` (a tie-break
//!   dimension on its perturbed score). Grades: [`points::grade`] on the
//!   perturbed totals — bands, `max-deductions`, vetoes and quotas as in the
//!   real scoring.
//! - **`weighted-mean` mode.** The inputs are the dimensions, at every level,
//!   whose weight matters (those with a sibling: a lone child's weight
//!   cancels out). Each draw sets `w'_d = w_d (1 + u_d)` and aggregates again,
//!   innermost first, from the run's normalised indicator scores (weights are
//!   relative within their parent, so no renormalisation is needed). This is
//!   exact: imputation, screening, outlier treatment and normalisation do not
//!   depend on the weights. Ranks: competition ranking of the index. This
//!   engine grades nothing, so there are no grade probabilities.
//! - **Alternatives.** The framework has no key that lists alternative
//!   methods (another normalisation, aggregation or missing-value rule), so
//!   only the points or weights are perturbed; alternatives are not yet a
//!   framework key.
//! - **Per unit.** The nominal rank (the run's), the counts of each rank over
//!   the draws, the median and the 5 % and 95 % ranks by the nearest-rank
//!   definition (the `⌈p·N⌉`-th smallest of the N draws, see
//!   [`nearest_rank`]; for N = 1,000 the 500th, 50th and 950th), and the
//!   share of draws in each grade. Grades are the rules' (拟定): the 党组's
//!   decisions are not simulated.
//! - **Sensitivity.** For each input, `draws` further draws with only that
//!   input perturbed (in `points` mode the others still move with the
//!   renormalisation): the mean over draws and ranked units of
//!   `|rank − nominal rank|`, sorted descending. The same mean with every
//!   input perturbed together is [`Uncertainty::overall`].

use crate::framework::{Aggregation, Framework, Mode, Node, VetoEffect};
use crate::rng::SplitMix64;
use crate::score::composite::weighted_mean;
use crate::score::points::{self, half_up_hundredths};
use crate::score::rank::{competition, competition_by};
use crate::score::{NodeKind, Scored};

/// The most draws `--uncertainty=N` accepts: 100 times the default 1,000,
/// far beyond what changes a median rank, and still minutes, not hours, at
/// a few thousand units.
pub const MAX_DRAWS: u32 = 100_000;

/// Refuses `--uncertainty=N` outside 1 ..= [`MAX_DRAWS`], before anything is read.
pub fn check_draws(draws: Option<u32>, lang: crate::lang::Lang) -> anyhow::Result<()> {
    let Some(draws) = draws else { return Ok(()) };
    let most = MAX_DRAWS;
    if draws == 0 || draws > most {
        anyhow::bail!(
            "{}",
            lang.pick(
                format!("--uncertainty={draws}：重新计分的次数应在 1 到 {most} 之间（默认 1000 次已足够稳定）"),
                format!("--uncertainty={draws}: the number of re-scorings must be 1 to {most} (the default 1,000 is stable enough)"),
            )
        );
    }
    Ok(())
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Number of draws.
    pub draws: u32,
    /// The largest relative change of a dimension's points (0.25 = ±25 %).
    /// At most [`MAX_SPREAD`] (so that no dimension's points reach zero):
    /// larger values are used as [`MAX_SPREAD`], and the result says so.
    pub spread: f64,
    /// The seed of the random numbers (the same seed gives the same result).
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            draws: 1000,
            spread: 0.25,
            seed: 20_231_215,
        }
    }
}

/// The largest spread used: ±90 % keeps every perturbed points value positive.
pub const MAX_SPREAD: f64 = 0.9;

/// The outcome of the simulation, per unit in `scored.units` order.
#[derive(Debug, Clone)]
pub struct Uncertainty {
    /// The settings used (the spread as used, see [`MAX_SPREAD`]).
    pub settings: Settings,
    /// The framework's mode: what was perturbed (points or weights).
    pub mode: Mode,
    /// One entry per scored unit, in `scored.units` order.
    pub units: Vec<UnitRanks>,
    /// The grade names, best first (the framework's order); empty when the
    /// engine grades nothing (`weighted-mean`).
    pub grades: Vec<String>,
    /// Per perturbed input, the mean absolute rank change when only it is
    /// perturbed; largest first.
    pub sensitivity: Vec<Sensitivity>,
    /// The mean absolute rank change with every input perturbed together.
    pub overall: f64,
}

impl Default for Uncertainty {
    fn default() -> Self {
        Uncertainty {
            settings: Settings::default(),
            mode: Mode::Points,
            units: Vec::new(),
            grades: Vec::new(),
            sensitivity: Vec::new(),
            overall: 0.0,
        }
    }
}

/// One unit's ranks and grades over the draws.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRanks {
    pub code: crate::code::UnitCode,
    /// The run's rank; `None` when the unit has no total.
    pub rank: Option<u32>,
    /// The median rank over the draws (nearest-rank: the lower median for even N).
    pub median: Option<u32>,
    /// The 5 % rank: the best rank `r` such that at least 5 % of the draws
    /// rank the unit `r` or better (a number `r` or smaller).
    pub low: Option<u32>,
    /// The 95 % rank: the best rank `r` such that at least 95 % of the draws
    /// rank the unit `r` or better.
    pub high: Option<u32>,
    /// Draws at each rank: `rank_counts[r − 1]` draws gave rank `r`.
    pub rank_counts: Vec<u32>,
    /// The share of draws (0…1) in each grade, in [`Uncertainty::grades`] order;
    /// empty without draws.
    pub grades: Vec<f64>,
}

/// How much one perturbed input moves the ranks.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// The dimension's code.
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Mean over draws and ranked units of `|rank − nominal rank|` when only
    /// this input is perturbed.
    pub mean_change: f64,
}

/// Re-scores `draws` times with the points or weights perturbed (see the module doc).
pub fn simulate(fw: &Framework, scored: &Scored, settings: &Settings) -> Uncertainty {
    let settings = Settings {
        spread: settings.spread.clamp(0.0, MAX_SPREAD),
        ..settings.clone()
    };
    let n = scored.units.len();
    let model = Model::new(fw, scored);
    let nominal: Vec<Option<u32>> = scored
        .total()
        .map_or_else(|| vec![None; n], |t| t.rank.clone());
    let grades: Vec<String> = match model {
        Model::Points(_) => fw.grades.iter().map(|g| g.name.clone()).collect(),
        Model::WeightedMean(_) => Vec::new(),
    };
    let inputs = model.inputs();
    let mut rng = SplitMix64::new(settings.seed);

    // every input perturbed together
    let mut joint = Tally::new(n, grades.len());
    for _ in 0..settings.draws {
        let changes: Vec<f64> = inputs
            .iter()
            .map(|_| rng.uniform(settings.spread))
            .collect();
        let draw = model.rescore(fw, &changes, !grades.is_empty());
        joint.add(&draw, &nominal);
    }

    // one input at a time, the same number of draws each
    let mut sensitivity: Vec<Sensitivity> = (0..inputs.len())
        .map(|k| {
            let mut alone = Tally::new(n, 0);
            let mut changes = vec![0.0; inputs.len()];
            for _ in 0..settings.draws {
                changes[k] = rng.uniform(settings.spread);
                alone.add(&model.rescore(fw, &changes, false), &nominal);
            }
            let d = inputs[k];
            Sensitivity {
                code: d.code.clone(),
                name: d.name.clone(),
                name_en: d.name_en.clone(),
                mean_change: alone.mean_change(),
            }
        })
        .collect();
    // largest first; equal ones stay in framework order (the sort is stable)
    sensitivity.sort_by(|a, b| b.mean_change.total_cmp(&a.mean_change));

    let units = (0..n)
        .map(|i| {
            let counts = &joint.ranks[i];
            UnitRanks {
                code: scored.units[i].clone(),
                rank: nominal[i],
                median: nearest_rank(counts, 50),
                low: nearest_rank(counts, 5),
                high: nearest_rank(counts, 95),
                rank_counts: counts.clone(),
                // none without draws (rather than 0 % in every grade)
                grades: joint.grades[i]
                    .iter()
                    .filter(|_| settings.draws > 0)
                    .map(|c| f64::from(*c) / f64::from(settings.draws))
                    .collect(),
            }
        })
        .collect();
    Uncertainty {
        overall: joint.mean_change(),
        settings,
        mode: fw.mode,
        units,
        grades,
        sensitivity,
    }
}

/// The `percent` % quantile of ranks given as counts (`counts[r − 1]` draws at
/// rank `r`), by the nearest-rank definition: the `⌈percent × N / 100⌉`-th
/// smallest of the N draws (at least the first). `None` without draws.
pub fn nearest_rank(counts: &[u32], percent: u32) -> Option<u32> {
    let total: u64 = counts.iter().map(|c| u64::from(*c)).sum();
    let wanted = (u64::from(percent) * total).div_ceil(100).max(1);
    let mut seen = 0u64;
    for (rank, count) in (1u32..).zip(counts) {
        seen += u64::from(*count);
        if total > 0 && seen >= wanted {
            return Some(rank);
        }
    }
    None
}

/// Ranks and grades counted over draws.
struct Tally {
    /// Per unit, draws at each rank (index `r − 1`).
    ranks: Vec<Vec<u32>>,
    /// Per unit, draws in each grade.
    grades: Vec<Vec<u32>>,
    /// Sum of `|rank − nominal rank|` and the number of terms in it.
    change: u64,
    terms: u64,
}

impl Tally {
    fn new(units: usize, grades: usize) -> Tally {
        Tally {
            ranks: vec![vec![0; units]; units],
            grades: vec![vec![0; grades]; units],
            change: 0,
            terms: 0,
        }
    }

    fn add(&mut self, draw: &Draw, nominal: &[Option<u32>]) {
        for (i, rank) in draw.ranks.iter().enumerate() {
            let Some(r) = *rank else { continue };
            if let Some(slot) = usize::try_from(r - 1)
                .ok()
                .and_then(|at| self.ranks[i].get_mut(at))
            {
                *slot += 1;
            }
            if let Some(before) = nominal[i] {
                self.change += u64::from(r.abs_diff(before));
                self.terms += 1;
            }
        }
        for (i, g) in draw.grades.iter().enumerate() {
            if let Some(slot) = g.and_then(|g| self.grades[i].get_mut(g)) {
                *slot += 1;
            }
        }
    }

    fn mean_change(&self) -> f64 {
        if self.terms == 0 {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)] // counts far below 2^53
        let mean = self.change as f64 / self.terms as f64;
        mean
    }
}

/// One draw's outcome: a rank per unit and, when graded, a grade (its index
/// in the framework's list) per unit.
struct Draw {
    ranks: Vec<Option<u32>>,
    grades: Vec<Option<usize>>,
}

/// How the totals follow from the perturbed inputs: one variant per engine.
enum Model<'a> {
    Points(PointsModel<'a>),
    WeightedMean(WeightedModel<'a>),
}

impl<'a> Model<'a> {
    fn new(fw: &'a Framework, scored: &Scored) -> Model<'a> {
        match fw.mode {
            Mode::Points => Model::Points(PointsModel::new(fw, scored)),
            Mode::WeightedMean => Model::WeightedMean(WeightedModel::new(fw, scored)),
        }
    }

    /// The dimensions perturbed, in framework order.
    fn inputs(&self) -> Vec<&'a crate::framework::Dimension> {
        match self {
            Model::Points(m) => m.inputs.iter().map(|i| i.dimension).collect(),
            Model::WeightedMean(m) => m.inputs.clone(),
        }
    }

    /// Ranks (and grades, when asked) with input `k` changed by `changes[k]`.
    fn rescore(&self, fw: &Framework, changes: &[f64], graded: bool) -> Draw {
        match self {
            Model::Points(m) => m.rescore(fw, changes, graded),
            Model::WeightedMean(m) => Draw {
                ranks: competition(&m.totals(changes)),
                grades: Vec::new(),
            },
        }
    }
}

/// A top-level dimension with declared points and the units' scores in it.
struct PointsInput<'a> {
    dimension: &'a crate::framework::Dimension,
    /// Declared points `P_d`.
    declared: f64,
    /// Each unit's score in the dimension.
    scores: Vec<f64>,
}

/// A tie-break key: a perturbed dimension's score, or a node's scores as run.
enum Key {
    Input(usize),
    Fixed(Vec<Option<f64>>),
}

/// `points` mode: what stays fixed across draws, read from the run's nodes.
struct PointsModel<'a> {
    inputs: Vec<PointsInput<'a>>,
    /// The run's base (the total node's value), points.
    base: Vec<f64>,
    /// Bonus as capped, and deductions, in hundredths.
    bonus: Vec<i64>,
    deductions: Vec<i64>,
    vetoed: Vec<Option<VetoEffect>>,
    tie_break: Vec<Key>,
}

impl<'a> PointsModel<'a> {
    fn new(fw: &'a Framework, scored: &Scored) -> PointsModel<'a> {
        let n = scored.units.len();
        let inputs: Vec<PointsInput<'a>> = fw
            .top_dimensions()
            .filter_map(|d| {
                let declared = d.points.filter(|p| p.0 > 0)?.as_f64();
                let node = scored.node(&d.code)?;
                Some(PointsInput {
                    dimension: d,
                    declared,
                    scores: node.score.iter().map(|s| s.unwrap_or(0.0)).collect(),
                })
            })
            .collect();
        let total = scored.total();
        let base = (0..n)
            .map(|i| total.and_then(|t| t.value[i]).unwrap_or(0.0))
            .collect();
        // hundredths of the nodes of one kind, added per unit
        let sum = |kind: NodeKind, sign: f64| -> Vec<i64> {
            (0..n)
                .map(|i| {
                    scored
                        .nodes
                        .iter()
                        .filter(|node| node.kind == kind)
                        .filter_map(|node| node.score[i])
                        .map(|s| half_up_hundredths(sign * s))
                        .sum()
                })
                .collect()
        };
        let bonus = sum(NodeKind::Bonus, 1.0)
            .into_iter()
            .map(|b| fw.bonus_cap.map_or(b, |cap| b.min(cap.0)))
            .collect();
        // deduction nodes hold negative scores
        let deductions = sum(NodeKind::Deduction, -1.0);
        let vetoed = (0..n)
            .map(|i| {
                fw.vetoes
                    .iter()
                    .filter(|v| {
                        scored.nodes.iter().any(|node| {
                            node.kind == NodeKind::Veto
                                && node.code == v.code
                                && node.value[i] == Some(1.0)
                        })
                    })
                    .map(|v| v.effect)
                    .reduce(|a, b| {
                        if a == VetoEffect::Fail || b == VetoEffect::Fail {
                            VetoEffect::Fail
                        } else {
                            VetoEffect::BarTopGrade
                        }
                    })
            })
            .collect();
        // as the real scoring: the first node of that code, before the total
        let tie_break = fw
            .tie_break
            .iter()
            .filter_map(|code| {
                if let Some(k) = inputs.iter().position(|i| i.dimension.code == *code) {
                    return Some(Key::Input(k));
                }
                scored
                    .nodes
                    .iter()
                    .find(|node| node.code == *code && node.kind != NodeKind::Total)
                    .map(|node| Key::Fixed(node.score.clone()))
            })
            .collect();
        PointsModel {
            inputs,
            base,
            bonus,
            deductions,
            vetoed,
            tie_break,
        }
    }

    /// `P'_d / P_d` per input: the perturbed points, renormalised to the declared total.
    fn factors(&self, changes: &[f64]) -> Vec<f64> {
        let perturbed: Vec<f64> = self
            .inputs
            .iter()
            .zip(changes)
            .map(|(d, u)| d.declared * (1.0 + u))
            .collect();
        let declared: f64 = self.inputs.iter().map(|d| d.declared).sum();
        let scale = declared / perturbed.iter().sum::<f64>();
        self.inputs
            .iter()
            .zip(&perturbed)
            .map(|(d, p)| p * scale / d.declared)
            .collect()
    }

    fn rescore(&self, fw: &Framework, changes: &[f64], graded: bool) -> Draw {
        let factors = self.factors(changes);
        let totals: Vec<i64> = (0..self.base.len())
            .map(|i| {
                let change: f64 = self
                    .inputs
                    .iter()
                    .zip(&factors)
                    .map(|(d, f)| d.scores[i] * (f - 1.0))
                    .sum();
                let base = half_up_hundredths(self.base[i] + change);
                (base + self.bonus[i] - self.deductions[i]).max(0)
            })
            .collect();
        #[allow(clippy::cast_precision_loss)] // hundredths far below 2^53
        let mut keys = vec![totals.iter().map(|t| Some(*t as f64)).collect::<Vec<_>>()];
        for key in &self.tie_break {
            keys.push(match key {
                Key::Input(k) => self.inputs[*k]
                    .scores
                    .iter()
                    .map(|s| Some(s * factors[*k]))
                    .collect(),
                Key::Fixed(scores) => scores.clone(),
            });
        }
        let grades = if graded {
            points::grade(fw, &totals, &self.deductions, &self.vetoed)
                .into_iter()
                .map(|g| g.and_then(|g| fw.grades.iter().position(|x| x.name == g)))
                .collect()
        } else {
            Vec::new()
        };
        Draw {
            ranks: competition_by(&keys, totals.len()),
            grades,
        }
    }
}

/// `weighted-mean` mode: the hierarchy with the run's indicator scores at its leaves.
struct WeightedModel<'a> {
    inputs: Vec<&'a crate::framework::Dimension>,
    /// The index: the single top dimension, or the arithmetic mean of the tops.
    index: Part,
    units: usize,
}

/// A node of the hierarchy, ready to aggregate again.
enum Part {
    /// An indicator's normalised scores, per unit, as run.
    Scores(Vec<Option<f64>>),
    /// A dimension (or the index over several top dimensions).
    Mean {
        aggregation: Aggregation,
        children: Vec<Child>,
    },
}

/// A child with its weight within its parent and, when perturbed, its input's index.
struct Child {
    weight: f64,
    input: Option<usize>,
    part: Part,
}

impl<'a> WeightedModel<'a> {
    fn new(fw: &'a Framework, scored: &Scored) -> WeightedModel<'a> {
        let units = scored.units.len();
        // a weight matters when the dimension has a sibling
        let siblings = |d: &crate::framework::Dimension| match &d.parent {
            Some(p) => fw.children(p).len(),
            None => fw.top_dimensions().count(),
        };
        let inputs: Vec<&crate::framework::Dimension> =
            fw.dimensions.iter().filter(|d| siblings(d) > 1).collect();
        let input_of = |code: &str| inputs.iter().position(|d| d.code == code);
        fn part(
            fw: &Framework,
            scored: &Scored,
            code: &str,
            input_of: &dyn Fn(&str) -> Option<usize>,
        ) -> Part {
            let Some(d) = fw.dimensions.iter().find(|d| d.code == code) else {
                let n = scored.units.len();
                return Part::Scores(scored.node(code).map_or(vec![None; n], |s| s.score.clone()));
            };
            let children = fw
                .children(code)
                .into_iter()
                .map(|c| match c {
                    Node::Dimension(s) => Child {
                        weight: s.weight.unwrap_or(1.0),
                        input: input_of(&s.code),
                        part: part(fw, scored, &s.code, input_of),
                    },
                    Node::Indicator(s) => Child {
                        weight: s.weight.unwrap_or(1.0),
                        input: None,
                        part: part(fw, scored, &s.code, input_of),
                    },
                })
                .collect();
            Part::Mean {
                aggregation: d.aggregation,
                children,
            }
        }
        let tops: Vec<&crate::framework::Dimension> = fw.top_dimensions().collect();
        let index = match tops[..] {
            [only] => part(fw, scored, &only.code, &input_of),
            _ => Part::Mean {
                aggregation: Aggregation::Arithmetic,
                children: tops
                    .iter()
                    .map(|d| Child {
                        weight: d.weight.unwrap_or(1.0),
                        input: input_of(&d.code),
                        part: part(fw, scored, &d.code, &input_of),
                    })
                    .collect(),
            },
        };
        WeightedModel {
            inputs,
            index,
            units,
        }
    }

    /// The index per unit with input `k`'s weight times `1 + changes[k]`.
    fn totals(&self, changes: &[f64]) -> Vec<Option<f64>> {
        fn value(part: &Part, unit: usize, changes: &[f64]) -> Option<f64> {
            match part {
                Part::Scores(s) => s[unit],
                Part::Mean {
                    aggregation,
                    children,
                } => {
                    let present: Vec<(f64, f64)> = children
                        .iter()
                        .filter_map(|c| {
                            let w = c.weight * (1.0 + c.input.map_or(0.0, |k| changes[k]));
                            value(&c.part, unit, changes).map(|v| (w, v))
                        })
                        .collect();
                    // the run took these means on the same values: they cannot fail here
                    weighted_mean(*aggregation, &present).ok().flatten()
                }
            }
        }
        (0..self.units)
            .map(|i| value(&self.index, i, changes))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::code::UnitCode;
    use crate::lang::Lang;
    use crate::report::robustness::interval_text;
    use crate::score::Table;
    use crate::score::points::Adjustments;

    /// Two dimensions of 10 points, one indicator each (the share of 10 reached);
    /// grades: 好 at 10 or more, 差 below.
    const TWO: &str = r#"[framework]
id = "u"
version = "1"
name = "两维"
from-year = 2023
mode = "points"
total = 20

[[field]]
code = "a"
name = "甲"
unit = "个"
type = "decimal"

[[field]]
code = "b"
name = "乙"
unit = "个"
type = "decimal"

[[dimension]]
code = "A"
name = "维度甲"
points = 10

[[dimension]]
code = "B"
name = "维度乙"
points = 10

[[indicator]]
code = "A1"
name = "指标甲"
dimension = "A"
points = 10
field = "a"
method = "target-ratio"
target = 10

[[indicator]]
code = "B1"
name = "指标乙"
dimension = "B"
points = 10
field = "b"
method = "target-ratio"
target = 10

[[grade]]
name = "好"
min-score = 10

[[grade]]
name = "差"
min-score = 0
"#;

    /// Units with values of `a` and `b`, scored under `TWO`.
    fn scored(units: &[(&str, f64, f64)]) -> (Framework, Scored) {
        let fw = crate::framework::from_str("u.toml", TWO).expect("a valid framework");
        let codes: Vec<(UnitCode, String)> = units
            .iter()
            .map(|(c, _, _)| ((*c).into(), (*c).to_string()))
            .collect();
        let fields = BTreeMap::from([
            ("a".to_string(), units.iter().map(|u| Some(u.1)).collect()),
            ("b".to_string(), units.iter().map(|u| Some(u.2)).collect()),
        ]);
        let table = Table::build(&codes, &BTreeMap::new(), &fields).expect("a table");
        let scored = points::score(&fw, &table, &Adjustments::default(), 2023);
        (fw, scored)
    }

    #[test]
    fn no_spread_reproduces_the_run() {
        // totals 20, 15, 15, 5: ranks 1, 2, 2, 4; grades 好, 好, 好, 差
        let (fw, scored) = scored(&[
            ("w", 10.0, 10.0),
            ("x", 10.0, 5.0),
            ("y", 5.0, 10.0),
            ("z", 5.0, 0.0),
        ]);
        let settings = Settings {
            draws: 200,
            spread: 0.0,
            seed: 1,
        };
        let u = simulate(&fw, &scored, &settings);
        assert_eq!(u.grades, ["好", "差"]);
        // the run's ranks and grades
        assert_eq!(
            scored.total().expect("a total").rank,
            [Some(1), Some(2), Some(2), Some(4)]
        );
        let sure: Vec<Option<String>> = u
            .units
            .iter()
            .map(|r| {
                r.grades
                    .iter()
                    .position(|p| *p == 1.0)
                    .map(|g| u.grades[g].clone())
            })
            .collect();
        assert_eq!(sure, scored.grades);
        let expected = [
            (1, [1.0, 0.0]),
            (2, [1.0, 0.0]),
            (2, [1.0, 0.0]),
            (4, [0.0, 1.0]),
        ];
        for (r, (rank, grades)) in u.units.iter().zip(expected) {
            assert_eq!(r.rank, Some(rank));
            assert_eq!(
                (r.median, r.low, r.high),
                (Some(rank), Some(rank), Some(rank))
            );
            assert_eq!(r.rank_counts[rank as usize - 1], 200);
            assert_eq!(r.grades, grades);
        }
        assert_eq!(u.overall, 0.0);
        assert!(u.sensitivity.iter().all(|s| s.mean_change == 0.0));
        assert_eq!(interval_text(&u, 1, Lang::Zh), "名次 2（90% 区间 2–2）");
    }

    #[test]
    fn two_mirror_units_each_lead_half_the_time() {
        // X scores 10 + 0, Y 0 + 10, both dimensions worth 10: with the points
        // renormalised to 20, X = 20(1 + u₁)/(2 + u₁ + u₂), Y = 20(1 + u₂)/(2 + u₁ + u₂),
        // so X leads exactly when u₁ > u₂: probability ½. They tie only when the
        // totals round to the same hundredth (|u₁ − u₂| below about 0.0005,
        // probability about 0.002), and then both are first. With N = 10,000
        // the binomial s.d. is √(0.25/10,000) = 0.005: allow 4 s.d. = 0.02.
        let (fw, scored) = scored(&[("X", 10.0, 0.0), ("Y", 0.0, 10.0)]);
        assert_eq!(
            scored.total().expect("a total").score,
            [Some(10.0), Some(10.0)]
        );
        let settings = Settings {
            draws: 10_000,
            spread: 0.25,
            seed: 42,
        };
        let u = simulate(&fw, &scored, &settings);
        let first = |i: usize| f64::from(u.units[i].rank_counts[0]) / 10_000.0;
        assert!((first(0) - 0.5).abs() < 0.02, "P(X first) = {}", first(0));
        assert!((first(1) - 0.5).abs() < 0.02, "P(Y first) = {}", first(1));
        // one of them is first in every draw (both when tied)
        assert!(first(0) + first(1) >= 1.0);
        // the leader has 10 or more (好), the other less (差), so also ½ each
        assert!((u.units[0].grades[0] - 0.5).abs() < 0.02);
        assert!((u.units[0].grades[0] + u.units[0].grades[1] - 1.0).abs() < 1e-12);
        // ranks 1 and 2 each about half the time: 5 % rank 1, 95 % rank 2
        assert_eq!((u.units[0].low, u.units[0].high), (Some(1), Some(2)));
        // both dimensions matter alike: moving one moves both ranks by ½ on average
        // (only one number is drawn, so the leader is decided by its sign)
        assert_eq!(u.sensitivity.len(), 2);
        for s in &u.sensitivity {
            assert!((s.mean_change - 0.5).abs() < 0.02, "{s:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_result() {
        let (fw, scored) = scored(&[
            ("p", 9.0, 4.0),
            ("q", 6.0, 7.0),
            ("r", 3.0, 9.5),
            ("s", 8.0, 5.5),
        ]);
        let settings = Settings {
            draws: 500,
            ..Settings::default()
        };
        let a = simulate(&fw, &scored, &settings);
        let b = simulate(&fw, &scored, &settings);
        assert_eq!(a.units, b.units);
        assert_eq!(a.sensitivity, b.sensitivity);
        assert_eq!(a.overall.to_bits(), b.overall.to_bits());
        // and another seed draws other numbers
        let c = simulate(
            &fw,
            &scored,
            &Settings {
                seed: 1,
                ..settings
            },
        );
        assert_ne!(
            a.units
                .iter()
                .map(|u| u.rank_counts.clone())
                .collect::<Vec<_>>(),
            c.units
                .iter()
                .map(|u| u.rank_counts.clone())
                .collect::<Vec<_>>()
        );
    }

    /// Two top dimensions of equal weight, one goalposts indicator each (0 … 10 onto 0 … 100).
    const WEIGHTED: &str = r#"[framework]
id = "w"
version = "1"
name = "加权"
from-year = 2023
mode = "weighted-mean"

[[field]]
code = "a"
name = "甲"
type = "decimal"

[[field]]
code = "b"
name = "乙"
type = "decimal"

[[dimension]]
code = "X"
name = "X"

[[dimension]]
code = "Y"
name = "Y"

[[indicator]]
code = "X1"
name = "X1"
dimension = "X"
field = "a"
method = "goalposts"
low = 0
high = 10

[[indicator]]
code = "Y1"
name = "Y1"
dimension = "Y"
field = "b"
method = "goalposts"
low = 0
high = 10
"#;

    #[test]
    fn weighted_mean_weights_by_hand() {
        // P scores 100 on X and 0 on Y, Q the reverse, R 50 on both: all three
        // have an index of 50 and share rank 1. With weights w_X, w_Y the index
        // of P is 100 w_X / (w_X + w_Y), of Q 100 w_Y / (w_X + w_Y), of R
        // always 50: whichever of P and Q has the larger weight leads, R is
        // second, the other third (ties only when the weights are equal).
        let fw = crate::framework::from_str("w.toml", WEIGHTED).expect("a valid framework");
        let codes: Vec<(UnitCode, String)> = ["P", "Q", "R"]
            .iter()
            .map(|c| ((*c).into(), (*c).to_string()))
            .collect();
        let fields = BTreeMap::from([
            ("a".to_string(), vec![Some(10.0), Some(0.0), Some(5.0)]),
            ("b".to_string(), vec![Some(0.0), Some(10.0), Some(5.0)]),
        ]);
        let table = Table::build(&codes, &BTreeMap::new(), &fields).expect("a table");
        let scored = crate::score::composite::score(&fw, &table).expect("scores");
        assert_eq!(
            scored.total().expect("a total").rank,
            [Some(1), Some(1), Some(1)]
        );
        // no spread: the run's ranks every time
        let still = Settings {
            draws: 100,
            spread: 0.0,
            seed: 3,
        };
        let u = simulate(&fw, &scored, &still);
        assert!(u.units.iter().all(|r| r.rank_counts == [100, 0, 0]));
        assert!(u.grades.is_empty());
        // with spread: R is second in every draw; P and Q share first and third
        let u = simulate(
            &fw,
            &scored,
            &Settings {
                draws: 2000,
                spread: 0.25,
                seed: 3,
            },
        );
        assert_eq!(u.units[2].rank_counts, [0, 2000, 0]);
        assert_eq!(u.units[0].rank_counts[0] + u.units[1].rank_counts[0], 2000);
        assert_eq!(u.units[0].rank_counts[1], 0);
        // P first about half the time: s.d. √(0.25/2000) ≈ 0.011, allow 4 s.d.
        let p_first = f64::from(u.units[0].rank_counts[0]) / 2000.0;
        assert!((p_first - 0.5).abs() < 0.045, "P(P first) = {p_first}");
        // each draw moves P and Q from 1 to 1 and 3 (change 0 + 2) and R from 1 to 2: mean 1
        assert!((u.overall - 1.0).abs() < 1e-12);
        assert_eq!(
            u.sensitivity
                .iter()
                .map(|s| s.code.as_str())
                .collect::<Vec<_>>(),
            ["X", "Y"]
        );
    }

    #[test]
    fn nearest_rank_quantiles_by_hand() {
        // 10 draws: rank 1 ×2, rank 2 ×5, rank 3 ×3 → sorted 1 1 2 2 2 2 2 3 3 3
        let counts = [2, 5, 3];
        // 5 %: ⌈0.5⌉ = 1st → 1; 50 %: 5th → 2; 95 %: ⌈9.5⌉ = 10th → 3
        assert_eq!(nearest_rank(&counts, 5), Some(1));
        assert_eq!(nearest_rank(&counts, 50), Some(2));
        assert_eq!(nearest_rank(&counts, 95), Some(3));
        assert_eq!(nearest_rank(&[0, 0], 50), None);
    }

    #[test]
    fn interval_text_in_both_languages() {
        let u = Uncertainty {
            units: vec![UnitRanks {
                code: "130123".into(),
                rank: Some(5),
                median: Some(5),
                low: Some(4),
                high: Some(7),
                rank_counts: Vec::new(),
                grades: Vec::new(),
            }],
            ..Uncertainty::default()
        };
        assert_eq!(interval_text(&u, 0, Lang::Zh), "名次 5（90% 区间 4–7）");
        assert_eq!(interval_text(&u, 0, Lang::En), "rank 5 (90% interval 4–7)");
        assert_eq!(interval_text(&u, 1, Lang::Zh), "无名次");
    }
}
