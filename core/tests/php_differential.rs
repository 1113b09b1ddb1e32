//! Differential test: thousands of random nested parameter sets through our
//! `build_query`/`get_hash` and through PHP 8's own `http_build_query`/`md5`, run as one
//! subprocess, and each accepted query through PHP's own `parse_str` + `http_build_query`
//! (the server's signature check) to prove it survives unchanged. Runs whenever `php` is on PATH; with `JUSTCLICK_REQUIRE_PHP=1` (CI) a
//! missing `php` is a failure instead of a loud skip.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use justclick::{Params, Value, build_query, get_hash};

const CASES: usize = 5000;

/// A small deterministic generator (xorshift64*), so failures reproduce from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    "9",
    "-",
    "_",
    ".",
    "~",
    "*",
    "'",
    "(",
    ")",
    "!",
    " ",
    "+",
    "&",
    "=",
    "%",
    "#",
    "?",
    "/",
    "\\",
    "\"",
    "[",
    "]",
    "{",
    "}",
    "@",
    ":",
    ";",
    ",",
    "<",
    ">",
    "|",
    "^",
    "`",
    "$",
    "\t",
    "\n",
    "\r",
    "\u{0}",
    "\u{7f}",
    "Иван",
    "ё",
    "€",
    "😀",
    "中文",
    "\u{a0}",
    "é",
    "lead_email",
    "rid",
    "good_sum",
    "utm_source",
];

fn string(rng: &mut Rng) -> String {
    let len = rng.below(6);
    let mut s = String::new();
    for _ in 0..len {
        if rng.below(4) == 0 {
            // Any single ASCII byte, all 128 of them over the run.
            s.push(char::from(rng.below(128) as u8));
        } else {
            s.push_str(rng.pick::<&str>(PIECES));
        }
    }
    s
}

/// Keys PHP parses back unchanged: no `.`/space/`[`/NUL at the top, no `]`/NUL below.
fn key(rng: &mut Rng, top: bool) -> String {
    loop {
        let k = if rng.below(5) == 0 {
            rng.below(20).to_string()
        } else {
            string(rng)
        };
        let bad_top = k.is_empty() || k == "hash" || k.contains(['.', ' ', '[', '\0']);
        let lone_space = k.len() == 1 && k.as_bytes()[0].is_ascii_whitespace() || k == "\x0b";
        let bad_nested = k.is_empty() || lone_space || k.contains([']', '\0']);
        if (top && !bad_top) || (!top && !bad_nested) {
            return k;
        }
    }
}

fn float(rng: &mut Rng) -> f64 {
    match rng.below(6) {
        0 => f64::from_bits(rng.next()),
        1 => (rng.below(1_000_000) as f64) / 100.0,
        2 => 10f64.powi(rng.below(40) as i32 - 20) * (rng.below(1000) as f64 + 0.5),
        3 => 0.1 + 0.2,
        4 => -(rng.below(1 << 53) as f64),
        _ => 1.0 / (rng.below(100) as f64 + 1.0),
    }
}

fn value(rng: &mut Rng, depth: u32) -> Value {
    let nest = if depth < 4 { 9 } else { 7 };
    match rng.below(nest) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Int(match rng.below(3) {
            0 => rng.next() as i64,
            1 => rng.below(2000) as i64 - 1000,
            _ => *rng.pick(&[0, i64::MIN, i64::MAX, -1]),
        }),
        3 => {
            let f = float(rng);
            if f.is_finite() {
                Value::Float(f)
            } else {
                Value::Float(0.5)
            }
        }
        4..=6 => Value::Str(string(rng)),
        7 => Value::List((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        _ => Value::Map(
            (0..rng.below(4))
                .map(|_| (key(rng, false), value(rng, depth + 1)))
                .collect(),
        ),
    }
}

fn params(rng: &mut Rng) -> Params {
    (0..rng.below(6))
        .map(|_| (key(rng, true), value(rng, 0)))
        .collect()
}

const PHP: &str = r#"
while (($line = fgets(STDIN)) !== false) {
    $c = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
    $q = http_build_query($c['p']);
    parse_str($q, $back);
    echo json_encode([$q, md5($q . '::' . $c['l'] . '::' . $c['s']), http_build_query($back)]), "\n";
}
"#;

#[test]
fn random_parameter_sets_match_php() {
    let php_ok = Command::new("php")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if !php_ok {
        assert!(
            std::env::var_os("JUSTCLICK_REQUIRE_PHP").is_none(),
            "JUSTCLICK_REQUIRE_PHP is set but php is not on PATH"
        );
        eprintln!(
            "\n*** SKIPPED php_differential: `php` is not on PATH (apt-get install php-cli) ***\n"
        );
        return;
    }
    let seed = std::env::var("JUSTCLICK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD_0001_u64);
    let mut rng = Rng(seed);
    let cases: Vec<(Params, String, String)> = (0..CASES)
        .map(|_| {
            (
                params(&mut rng),
                key(&mut rng, true),
                string(&mut rng) + "secret",
            )
        })
        .collect();

    let mut child = Command::new("php")
        .args(["-d", "precision=14", "-r", PHP])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start php");
    let mut stdin = child.stdin.take().unwrap();
    let input: String = cases
        .iter()
        .map(|(p, l, s)| serde_json::json!({"p": p.to_json(), "l": l, "s": s}).to_string() + "\n")
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = BufReader::new(child.stdout.take().unwrap());
    let mut checked = 0;
    for (line, (p, login, secret)) in out.lines().zip(&cases) {
        let (want_q, want_h, round_trip): (String, String, String) =
            serde_json::from_str(&line.unwrap()).unwrap();
        // What the server does: parse_str the body, then http_build_query again.
        assert_eq!(
            round_trip, want_q,
            "seed {seed:#x}: PHP does not parse {want_q:?} back"
        );
        let got = build_query(p).unwrap_or_else(|e| panic!("seed {seed:#x}: {e} for {p:?}"));
        assert_eq!(got, want_q, "seed {seed:#x}: query differs for {p:?}");
        assert_eq!(
            get_hash(p, login, secret).unwrap(),
            want_h,
            "seed {seed:#x}: hash for {p:?}"
        );
        checked += 1;
    }
    writer.join().unwrap().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(checked, CASES, "php answered {checked} of {CASES} cases");
    eprintln!(
        "php_differential: {checked} random parameter sets identical to PHP (seed {seed:#x})"
    );
}

const PHP_FLOATS: &str = r#"
while (($line = fgets(STDIN)) !== false) {
    echo http_build_query(['f' => (float) unpack('e', hex2bin(trim($line)))[1]]), "\n";
}
"#;

/// Floats are where PHP's printing is most surprising (zend_dtoa's rounding paths), so
/// they get a run of their own: random bit patterns, 15-digit integers and exact ties.
#[test]
fn random_floats_match_php() {
    if Command::new("php").arg("-v").output().is_err() {
        assert!(
            std::env::var_os("JUSTCLICK_REQUIRE_PHP").is_none(),
            "php missing"
        );
        eprintln!("\n*** SKIPPED random_floats_match_php: `php` is not on PATH ***\n");
        return;
    }
    let mut rng = Rng(0xF10A_7000_0000_0001);
    let mut floats = Vec::new();
    for i in 0..60_000u64 {
        let f = match i % 6 {
            0 => f64::from_bits(rng.next()),
            1 => (100_000_000_000_000 + rng.below(900_000_000_000_000)) as f64,
            2 => ((10_000_000_000_000 + rng.below(90_000_000_000_000)) * 10 + 5) as f64,
            3 => rng.below(1 << 53) as f64 / 2f64.powi(rng.below(60) as i32),
            4 => float(&mut rng),
            _ => (rng.below(2_000_000) as f64 - 1e6) * 10f64.powi(rng.below(30) as i32 - 15),
        };
        if f.is_finite() {
            floats.push(f);
        }
    }
    let mut child = Command::new("php")
        .args(["-d", "precision=14", "-r", PHP_FLOATS])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start php");
    let mut stdin = child.stdin.take().unwrap();
    // Little-endian hex of the bits, so PHP gets exactly the same double.
    let input: String = floats
        .iter()
        .map(|f| {
            f.to_le_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
                + "\n"
        })
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = BufReader::new(child.stdout.take().unwrap());
    let mut checked = 0;
    for (line, f) in out.lines().zip(&floats) {
        let ours = build_query(&Params::new().with("f", *f)).unwrap();
        assert_eq!(ours, line.unwrap(), "float {f:e} (bits {:#x})", f.to_bits());
        checked += 1;
    }
    writer.join().unwrap().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(checked, floats.len());
    eprintln!("random_floats_match_php: {checked} floats printed exactly as PHP prints them");
}
