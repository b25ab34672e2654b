//! The score model: logistic regression over passage [`Features`], trained by the
//! `train_score` example and shipped in `data/score-model.tsv`.
//!
//! Features are standardised with the training set's mean and scale, then
//! `p = sigmoid(bias + Σ weight_i · (x_i − mean_i) / scale_i)`. Logistic regression is
//! calibrated by construction on data like its training data, which is what lets the
//! score be read as a probability; the committed report shows how well that holds on
//! held-out articles.
//!
//! The verdict threshold is not part of the model: it is
//! [`DEFAULT_SPUN_THRESHOLD`](crate::DEFAULT_SPUN_THRESHOLD), chosen from the held-out
//! figures the training example prints, or set per detector.
//!
//! File format (TSV, `#` comments): `bias<TAB>value` and one
//! `feature<TAB>name<TAB>mean<TAB>scale<TAB>weight` row per feature of [`FEATURE_NAMES`].

use crate::error::{Error, Result};
use crate::scoring::features::{Features, FEATURE_COUNT, FEATURE_NAMES};
use ndarray::{Array1, Array2, ArrayView1, Axis};
use std::sync::LazyLock;

/// A trained logistic score model.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreModel {
    mean: Array1<f64>,
    scale: Array1<f64>,
    weights: Array1<f64>,
    bias: f64,
}

/// Settings for [`ScoreModel::train`].
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// L2 penalty on the standardised weights (default 0.002: at the earlier 0.01 the
    /// held-out log-loss was higher and the middle of the score range under-confident, as
    /// the penalty pulled every passage towards the prior; see `reports/score.md`).
    pub l2: f64,
    /// Full-batch gradient steps.
    pub iterations: usize,
    /// Step size.
    pub learning_rate: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            l2: 0.002,
            iterations: 3000,
            learning_rate: 0.5,
        }
    }
}

static BUILTIN: LazyLock<ScoreModel> = LazyLock::new(|| {
    // The shipped file is parsed by a unit test, so failure here is a packaging bug.
    ScoreModel::from_tsv_str(
        include_str!("../../data/score-model.tsv"),
        "data/score-model.tsv",
    )
    .unwrap_or_else(|e| panic!("built-in score model is malformed: {e}"))
});

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl ScoreModel {
    /// The model shipped in `data/score-model.tsv`.
    pub fn builtin() -> &'static ScoreModel {
        &BUILTIN
    }

    /// Probability that a passage with these features is spun.
    pub fn probability(&self, features: &Features) -> f64 {
        self.probability_of(features.values())
    }

    /// [`probability`](Self::probability) of feature values in [`FEATURE_NAMES`] order,
    /// with no array allocated (a long text scores thousands of sections).
    pub(crate) fn probability_of(&self, values: &[f64]) -> f64 {
        let mut z = [0.0; FEATURE_COUNT];
        for (((z, v), mean), scale) in z.iter_mut().zip(values).zip(&self.mean).zip(&self.scale) {
            *z = (v - mean) / scale;
        }
        // The same `dot` as on an owned array (its sum order), so the same bits.
        let p = sigmoid(self.bias + ArrayView1::from(&z[..]).dot(&self.weights));
        if p.is_finite() {
            p
        } else {
            0.0
        }
    }

    /// The weight of each feature on the standardised scale, in [`FEATURE_NAMES`] order.
    pub fn weights(&self) -> Vec<(&'static str, f64)> {
        FEATURE_NAMES
            .iter()
            .copied()
            .zip(self.weights.iter().copied())
            .collect()
    }

    /// Fit a logistic regression to `(features, is_spun)` samples by full-batch gradient
    /// descent with an L2 penalty.
    pub fn train(samples: &[(Features, bool)], options: &TrainOptions) -> ScoreModel {
        ScoreModel::train_weighted(samples, &[], options)
    }

    /// Like [`ScoreModel::train`], with a weight per sample: the loss of sample `i` counts
    /// `weights[i]` times. Missing (a slice shorter than `samples`), negative or non-finite
    /// weights count as 1, weights beyond the samples are ignored, and all-zero weights
    /// train as if unweighted. Weights are rescaled to average 1, so the L2 penalty means the
    /// same whatever their scale. The standardisation of the features (mean and scale) is
    /// computed unweighted.
    pub fn train_weighted(
        samples: &[(Features, bool)],
        weights: &[f64],
        options: &TrainOptions,
    ) -> ScoreModel {
        let n = samples.len();
        let mut x = Array2::<f64>::zeros((n, FEATURE_COUNT));
        let mut y = Array1::<f64>::zeros(n);
        let mut w = Array1::<f64>::ones(n);
        for (i, (f, label)) in samples.iter().enumerate() {
            x.row_mut(i).assign(&f.values);
            y[i] = if *label { 1.0 } else { 0.0 };
            if let Some(&v) = weights.get(i).filter(|v| v.is_finite() && **v >= 0.0) {
                w[i] = v;
            }
        }
        // Divide by the largest weight first, so that neither huge weights (whose sum
        // overflows) nor tiny ones (whose sum underflows) break the rescaling.
        let largest = w.fold(0.0f64, |a, &b| a.max(b));
        if largest > 0.0 {
            w /= largest;
        }
        let total = w.sum();
        if total > 0.0 {
            w *= n as f64 / total;
        } else {
            w.fill(1.0);
        }
        let mean = x
            .mean_axis(Axis(0))
            .unwrap_or_else(|| Array1::zeros(FEATURE_COUNT));
        let mut scale = x.std_axis(Axis(0), 0.0);
        // A constant feature carries no information; a unit scale keeps it harmless.
        scale.mapv_inplace(|s| if s > 1e-9 { s } else { 1.0 });
        let z = (&x - &mean) / &scale;
        let mut coef = Array1::<f64>::zeros(FEATURE_COUNT);
        let prior = if n > 0 {
            ((&y * &w).sum() / n as f64).clamp(1e-6, 1.0 - 1e-6)
        } else {
            0.5
        };
        let mut bias = (prior / (1.0 - prior)).ln();
        if n > 0 {
            for _ in 0..options.iterations {
                let p = (z.dot(&coef) + bias).mapv(sigmoid);
                let error = (&p - &y) * &w;
                let grad_w = z.t().dot(&error) / n as f64 + &coef * options.l2;
                let grad_b = error.sum() / n as f64;
                coef = coef - grad_w * options.learning_rate;
                bias -= grad_b * options.learning_rate;
            }
        }
        ScoreModel {
            mean,
            scale,
            weights: coef,
            bias,
        }
    }

    /// Parse the TSV format described in the module docs. Every feature of
    /// [`FEATURE_NAMES`](crate::FEATURE_NAMES) must have its row: a model trained before a
    /// feature was added is refused (retrain it with the `train_score` example).
    pub fn from_tsv_str(text: &str, source_name: &str) -> Result<ScoreModel> {
        let mut mean = Array1::<f64>::zeros(FEATURE_COUNT);
        let mut scale = Array1::<f64>::ones(FEATURE_COUNT);
        let mut weights = Array1::<f64>::zeros(FEATURE_COUNT);
        let mut seen = [false; FEATURE_COUNT];
        let mut bias = None;
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let err =
                |column: Option<usize>, msg: String| Error::data(source_name, line_no, column, msg);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let number = |k: usize| -> Result<f64> {
                let raw = fields
                    .get(k)
                    .ok_or_else(|| err(Some(k + 1), "missing field".into()))?;
                raw.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| err(Some(k + 1), format!("{raw:?} is not a finite number")))
            };
            match fields[0] {
                "bias" => bias = Some(number(1)?),
                "feature" => {
                    let name = fields.get(1).copied().unwrap_or("");
                    let k = FEATURE_NAMES
                        .iter()
                        .position(|n| *n == name)
                        .ok_or_else(|| err(Some(2), format!("unknown feature {name:?}")))?;
                    mean[k] = number(2)?;
                    let s = number(3)?;
                    if s <= 0.0 {
                        return Err(err(Some(4), format!("scale {s} must be positive")));
                    }
                    scale[k] = s;
                    weights[k] = number(4)?;
                    seen[k] = true;
                }
                other => return Err(err(Some(1), format!("unknown row kind {other:?}"))),
            }
        }
        let missing: Vec<&str> = FEATURE_NAMES
            .iter()
            .zip(seen)
            .filter(|(_, s)| !s)
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(Error::data(
                source_name,
                0,
                None,
                format!("missing features: {}", missing.join(", ")),
            ));
        }
        Ok(ScoreModel {
            mean,
            scale,
            weights,
            bias: bias.ok_or_else(|| Error::data(source_name, 0, None, "missing `bias` row"))?,
        })
    }

    /// Write the model in its TSV format.
    pub fn to_tsv(&self) -> String {
        let mut out =
            String::from("# despin score model: logistic regression over standardised features\n");
        out.push_str(&format!("bias\t{}\n", self.bias));
        for (k, name) in FEATURE_NAMES.iter().enumerate() {
            out.push_str(&format!(
                "feature\t{name}\t{}\t{}\t{}\n",
                self.mean[k], self.scale[k], self.weights[k]
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(values: &[f64]) -> Features {
        let mut v = vec![0.0; FEATURE_COUNT];
        v[..values.len()].copy_from_slice(values);
        Features {
            values: Array1::from_vec(v),
        }
    }

    #[test]
    fn builtin_model_parses_and_round_trips() {
        let m = ScoreModel::builtin();
        let again = ScoreModel::from_tsv_str(&m.to_tsv(), "again").unwrap();
        assert_eq!(&again, m);
    }

    #[test]
    fn training_separates_a_separable_feature() {
        let samples: Vec<(Features, bool)> = (0..40)
            .map(|i| (features(&[i as f64 / 10.0]), i >= 20))
            .collect();
        let m = ScoreModel::train(&samples, &TrainOptions::default());
        assert!(m.probability(&features(&[3.9])) > 0.9);
        assert!(m.probability(&features(&[0.0])) < 0.1);
    }

    #[test]
    fn sample_weights_rescale_and_extremes_do_not_break_training() {
        let samples: Vec<(Features, bool)> = (0..40)
            .map(|i| (features(&[i as f64 / 10.0]), i >= 15))
            .collect();
        let options = TrainOptions::default();
        let plain = ScoreModel::train(&samples, &options);
        let close = |a: &ScoreModel, b: &ScoreModel| {
            [0.0, 1.5, 3.9].iter().all(|&x| {
                (a.probability(&features(&[x])) - b.probability(&features(&[x]))).abs() < 1e-9
            })
        };
        // Equal weights of any scale, all-zero weights and invalid weights all train the
        // unweighted model.
        for w in [1e308, 5e-324, 3.0, 0.0, f64::NAN, -2.0] {
            let m = ScoreModel::train_weighted(&samples, &vec![w; samples.len()], &options);
            assert!(close(&m, &plain), "weight {w}");
        }
        // Weighting the positives up moves the boundary towards the negatives.
        let heavy: Vec<f64> = samples
            .iter()
            .map(|s| if s.1 { 5.0 } else { 1.0 })
            .collect();
        let m = ScoreModel::train_weighted(&samples, &heavy, &options);
        let x = features(&[1.4]);
        assert!(m.probability(&x) > plain.probability(&x));
    }

    #[test]
    fn malformed_model_rows_name_the_line() {
        let cases = [
            (
                "bias\tx\n",
                "m.tsv:1: field 2: \"x\" is not a finite number",
            ),
            (
                "feature\tnope\t0\t1\t0\n",
                "m.tsv:1: field 2: unknown feature",
            ),
            ("weights\t1\n", "m.tsv:1: field 1: unknown row kind"),
            ("bias\t0\n", "m.tsv:0: missing features"),
        ];
        for (text, expected) in cases {
            let e = ScoreModel::from_tsv_str(text, "m.tsv")
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(expected), "{text:?}: {e}");
        }
    }
}
