//! `assess validate`: every file accounted for, every problem pointed at its cell.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};

use county_assess::extract::{self, Submission};
use county_assess::framework::{self, Framework};
use county_assess::ingest::read::read_workbook;
use county_assess::numbers::Value;

use crate::common::{Test, copy_dir, files_under, repo, soffice_convert_all};
use crate::test_read_one::{write_repeated_ods, write_zip_of_zeros};

fn fw() -> Framework {
    framework::load(None).expect("default framework")
}

/// The row (1-based, as Excel shows it) of a field code in a file's data sheet.
fn row_of(path: &Path, code: &str) -> u32 {
    let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
    let data = book.worksheet_range("指标数据").expect("data");
    (0..data.height() as u32)
        .find(|r| data.get_value((*r, 0)).map(ToString::to_string).as_deref() == Some(code))
        .map(|r| r + 1)
        .unwrap_or_else(|| panic!("{code} in {}", path.display()))
}

/// Reads a file in process (no child) and extracts it as the unit its stamp names.
fn extract_file(fw: &Framework, path: &Path) -> Submission {
    let book = read_workbook(path).expect("readable");
    let stamp = extract::stamp(&book);
    let mut findings = Vec::new();
    extract::extract(
        fw,
        &book,
        &path.display().to_string(),
        stamp.unit_code.as_deref().expect("unit"),
        stamp.year.expect("year"),
        &mut findings,
    )
}

fn copy_samples(t: &Test, folder: &str) -> PathBuf {
    let dir = t.path(folder);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

#[test]
fn every_sample_year_validates_clean() {
    let t = Test::new();
    for year in ["2021", "2022", "2023"] {
        let dir = repo().join("samples").join(year);
        let run = t.run(&["validate", &dir.to_string_lossy()]);
        assert_eq!(run.code, 0, "{year}: {}", run.stdout);
        assert!(
            // 21 county submissions and the city's review workbook
            run.stdout
                .contains("找到 22 个文件 = 读取 22 + 拒收 0 + 跳过 0；0 个错误"),
            "{year}: {}",
            run.stdout
        );
    }
}

#[test]
fn every_planted_mistake_is_reported_at_its_cell() {
    let t = Test::new();
    let problems = repo().join("samples/problems");
    let run = t.run(&["validate", &problems.to_string_lossy()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = &run.stdout;
    let p = |name: &str| problems.join(name).display().to_string();
    let zd = problems.join("正定县2023年报表(终版).xlsx");
    let cell = |path: &Path, code: &str| format!("指标数据!F{}", row_of(path, code));
    let expect = |line: String| {
        assert!(out.contains(&line), "missing line:\n{line}\nin:\n{out}");
    };
    // text in a number cell: 三 is a Chinese numeral, 3 in digits
    expect(format!(
        "  [错误] {} {}: 「三次」用了汉字数字；请用阿拉伯数字填写整数，如 3",
        p("正定县2023年报表(终版).xlsx"),
        cell(&zd, "drills")
    ));
    // 12.5万 in a 人次 field: 12.5 × 10,000 = 125,000 人次
    expect(format!(
        "  [提示] {} {}: 「12.5万」按 125000 人次读取",
        p("正定县2023年报表(终版).xlsx"),
        cell(&zd, "awareness_trained")
    ));
    // 12.5万元 in a 万元 field is 12.5 万元
    expect(format!(
        "  [提示] {} {}: 「12.5万元」按 12.5 万元读取",
        p("正定县2023年报表(终版).xlsx"),
        cell(&zd, "donations_raised")
    ));
    // thousands separators and full-width digits, as typed in the file
    let typed = |path: &Path, code: &str| -> String {
        let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
        let data = book.worksheet_range("指标数据").expect("data");
        let row = row_of(path, code) - 1;
        data.get_value((row, 5))
            .map(ToString::to_string)
            .expect("typed")
    };
    let thousands = typed(&zd, "certified_trained");
    expect(format!(
        "  [提示] {} {}: 「{thousands}」按 {} 人读取",
        p("正定县2023年报表(终版).xlsx"),
        cell(&zd, "certified_trained"),
        thousands.replace(',', "")
    ));
    let wide = typed(&zd, "aed_count");
    let narrow: String = wide
        .chars()
        .map(|c| char::from_u32(c as u32 - 0xFF10 + u32::from(b'0')).expect("digit"))
        .collect();
    expect(format!(
        "  [提示] {} {}: 「{wide}」按 {narrow} 台读取",
        p("正定县2023年报表(终版).xlsx"),
        cell(&zd, "aed_count")
    ));

    // yuan in a 万元 cell: the 2023 sample's 万元 times 10,000
    let xt = problems.join("行唐县-2023年度.xlsx");
    let good = extract_file(
        &fw(),
        &repo().join("samples/2023/2023-行唐县-核心能力评估填报表.xlsx"),
    );
    let Value::Number(wan) = good.values["donations_raised"].value else {
        panic!("number")
    };
    expect(format!(
        "  [错误] {} {}: “募集款物（折合）”为 {} 万元，约为正常值的 10000 倍，可能把元数填进了万元格；应为 {} 万元左右",
        p("行唐县-2023年度.xlsx"),
        cell(&xt, "donations_raised"),
        (wan * 10_000.0).round(),
        wan
    ));
    // a running total below last year's (samples/2022 beside samples/problems)
    let last = extract_file(
        &fw(),
        &repo().join("samples/2022/2022-行唐县-核心能力评估填报表.xlsx"),
    );
    let Value::Number(before) = last.values["certified_cumulative"].value else {
        panic!("number")
    };
    expect(format!(
        "  [错误] {} {}: “累计培训取证救护员”是年末累计数，本年为 {} 人，低于上年报送的 {before} 人；累计数不应减少",
        p("行唐县-2023年度.xlsx"),
        cell(&xt, "certified_cumulative"),
        before - 100.0
    ));
    expect(format!(
        "  [错误] {}: 这是 2022 年度的填报表，本次汇总的是 2023 年度，未读取",
        p("灵寿县2023.xlsx")
    ));
    expect(format!(
        "  [错误] {} 填报说明!B3: 单位代码「130199」（某某新区）不在参评单位名单中，未读取",
        p("新区红十字会报表.xlsx")
    ));
    expect(format!(
        "  [错误] {}: 缺少“基层组织”工作表；请使用下发的模板，不要删除工作表",
        p("高邑县2023年报表.xlsx")
    ));
    expect(format!(
        "  [警告] {}: 同一单位有 2 份文件，采用最新的 {}（依据填报日期），未采用：{}",
        p("赵县2023年报表(修改版).xlsx"),
        p("赵县2023年报表(修改版).xlsx"),
        p("赵县2023年报表.xlsx")
    ));
    expect(format!(
        "  [提示] {} 基层组织!G4: 五有各项有 390 格用 √、×、有、无 等符号填写，已按“是/否”读取（此为第一格）",
        p("无极县2023年报表.xlsx")
    ));
    expect(format!(
        "  [提示] {}: 不是表格文件（.xlsx、.xlsm、.xls、.ods），已跳过",
        p("README.md")
    ));
    // 11 files: 9 spreadsheets read (赵县 twice), 2 rejected, README skipped;
    // 6 errors in the files and 14 of the 21 units without a file
    assert!(
        out.contains(
            "找到 11 个文件 = 读取 8（其中 1 个为被新版本替代的旧文件） + 拒收 2 + 跳过 1；20 个错误"
        ),
        "{out}"
    );
    assert!(
        out.contains("[错误] 长安区（130102）没有报送文件，也未在市级复核表“收件登记”中登记为“未报送”或“免报”，不予计分"),
        "{out}"
    );
    // an inserted row raises nothing; an input merged over its 佐证编号 is read
    // as the value typed, with a note
    // (深泽县's file has no finding: listed once, among the files without any)
    let shenze = p("深泽县2023年报表.xlsx");
    assert!(!out.contains(&format!("—— {shenze}")), "{out}");
    assert!(!out.contains(&format!("] {shenze}")), "{out}");
    let clean = out
        .split("—— 没有发现问题")
        .nth(1)
        .expect("the clean files");
    assert!(clean.contains(&format!("  {shenze}（深泽县）")), "{out}");
    expect(format!(
        "  [提示] {} 指标数据!F22: F22:G22 是合并单元格，按填报格本身的值读取，合并到的其他格不读取",
        p("赞皇县2023年报表.xlsx")
    ));
}

#[test]
fn inserted_rows_merged_cells_and_marks_read_the_same_values() {
    let fw = fw();
    let problems = repo().join("samples/problems");
    for (name, good) in [
        (
            "深泽县2023年报表.xlsx",
            "2023-深泽县-核心能力评估填报表.xlsx",
        ),
        (
            "赞皇县2023年报表.xlsx",
            "2023-赞皇县-核心能力评估填报表.xlsx",
        ),
        (
            "无极县2023年报表.xlsx",
            "2023-无极县-核心能力评估填报表.xlsx",
        ),
    ] {
        let damaged = extract_file(&fw, &problems.join(name));
        let original = extract_file(&fw, &repo().join("samples/2023").join(good));
        let values = |s: &Submission| {
            s.values
                .iter()
                .map(|(k, v)| (k.clone(), v.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(values(&damaged), values(&original), "{name}");
        let orgs = |s: &Submission| {
            s.orgs
                .iter()
                .map(|o| (o.name.clone(), o.items.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(orgs(&damaged), orgs(&original), "{name}");
    }
}

#[test]
fn the_report_workbook_has_one_row_per_finding() {
    let t = Test::new();
    let problems = repo().join("samples/problems");
    let run = t.run(&[
        "validate",
        &problems.to_string_lossy(),
        "--report",
        "审核意见.xlsx",
    ]);
    assert_eq!(run.code, 1);
    // the header row, then the findings
    let rows_of = |path: &std::path::Path, from: u32| -> Vec<Vec<String>> {
        let mut book: Xlsx<_> = open_workbook(path).expect("xlsx");
        let range = book.worksheet_range("审核意见").expect("sheet");
        (from..range.height() as u32)
            .map(|r| {
                (0..7)
                    .map(|c| {
                        range
                            .get_value((r, c))
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect()
    };
    let report = t.path("审核意见.xlsx");
    assert_eq!(
        rows_of(&report, 1)[0],
        ["文件", "单位", "位置", "字段", "填写内容", "级别", "说明"]
    );
    let rows = rows_of(&report, 2);
    // the field and the unit by their names, the codes beside them; the file by its name
    let drills = rows
        .iter()
        .find(|r| r[3] == "组织应急演练次数（drills）")
        .expect("drills row");
    // (samples/problems holds 正定县's file under the name a county gave it)
    assert_eq!(drills[0], "正定县2023年报表(终版).xlsx");
    assert_eq!(drills[1], "正定县（130123）");
    assert_eq!(drills[4], "三次");
    assert_eq!(drills[5], "错误");
    // as many rows as findings printed (before the closing summary repeats the worst)
    let listed = run.stdout.split("—— 本次运行的结论").next().expect("text");
    let printed = listed.lines().filter(|l| l.starts_with("  [")).count();
    assert_eq!(rows.len(), printed);

    // --report DIR: the whole, and one workbook per county with only its
    // findings (a county without any gets one saying so)
    let run = t.run(&["validate", &problems.to_string_lossy(), "--report", "意见"]);
    assert_eq!(run.code, 1);
    let whole = t.path("意见/2023-审核意见汇总.xlsx");
    assert_eq!(rows_of(&whole, 2).len(), printed);
    let mut per_county = 0;
    for entry in std::fs::read_dir(t.path("意见")).expect("folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let Some(county) = name
            .strip_prefix("2023-")
            .and_then(|n| n.strip_suffix("-审核意见.xlsx"))
        else {
            continue;
        };
        per_county += 1;
        let own = rows_of(&path, 2);
        let in_whole = rows
            .iter()
            .filter(|r| r[1].starts_with(&format!("{county}（")))
            .count();
        if in_whole == 0 {
            assert_eq!(own.len(), 1, "{county}");
            assert_eq!(own[0][6], "没有发现问题", "{county}");
        } else {
            assert_eq!(own.len(), in_whole, "{county}'s findings, all and only");
            assert!(own.iter().all(|r| r[1].starts_with(&format!("{county}（"))));
        }
    }
    // every county of samples/problems sent a file
    assert_eq!(per_county, 21, "{}", run.stdout);
    assert!(run.stdout.contains("22 个文件"), "{}", run.stdout);
}

#[test]
fn messages_in_english() {
    let t = Test::new();
    let problems = repo().join("samples/problems");
    let run = t.run(&["--lang", "en", "validate", &problems.to_string_lossy()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "\"三次\" is written in Chinese numerals; write a whole number in digits, such as 3"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "11 files found = 8 read (1 of them superseded by a newer file) + 2 rejected + 1 skipped"
    ));
    // the fields by their English names, the values in the English measures
    // of fields.toml (人 → people, 万元 → × 10,000 yuan): 行唐县 F28 is 7060
    // against last year's 7160; F40 656600 is 10,000 times 65.66
    for line in [
        "指标数据!F28: `Certified first-aiders, cumulative` is a running total: 7060 people is below last year's 7160 people; a running total cannot fall",
        "指标数据!F40: `Donations raised in cash and kind` is 656600 × 10,000 yuan, about 10,000 times too large: yuan typed into a cell counted in 10,000 yuan? Expected about 65.66 × 10,000 yuan",
        // 12.5万 in a 人次 field: 12.5 × 10,000 = 125000
        "指标数据!F27: \"12.5万\" read as 125000 person-times",
        // a measure without an English name (台) is left out, not quoted in Chinese
        "指标数据!F29: \"１９\" read as 19\n",
        "no submission from Chang'an District (130102)",
        "—— no findings (1 file)",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    assert_english(&run.stdout);
}

/// Every message of an English report is English: Chinese only in what
/// files say (quoted), in sheet and cell names, and in file names.
fn assert_english(out: &str) {
    let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for line in out.lines().filter(|l| l.trim_start().starts_with('[')) {
        // `  [error] dir/正定县.xlsx 指标数据!F23: message`
        let message = line.split_once(": ").map_or(line, |(_, m)| m);
        let mut bare = String::new();
        let mut quote: Option<char> = None;
        for c in message.chars() {
            match (quote, c) {
                (None, '`' | '"') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, c) => bare.push(c),
                _ => {}
            }
        }
        // cells (`指标数据!F17`) and files (`dir/赵县.xlsx`) named in a message
        let bare: String = bare
            .split_whitespace()
            .filter(|w| !w.contains('!') && !w.contains('/') && !w.contains(".xls"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!chinese(&bare), "Chinese in an English message: {line}");
    }
}

#[test]
fn hostile_files_are_named_and_the_good_ones_still_read() {
    let t = Test::new();
    let dir = copy_samples(&t, "2023");
    for name in [
        "2023-正定县-核心能力评估填报表.xlsx",
        "2023-赵县-核心能力评估填报表.xlsx",
    ] {
        std::fs::copy(repo().join("samples/2023").join(name), dir.join(name)).expect("copy");
    }
    std::fs::write(dir.join("空文件.xlsx"), b"").expect("empty");
    std::fs::write(
        dir.join("乱码.xlsx"),
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .expect("random");
    let good = std::fs::read(dir.join("2023-赵县-核心能力评估填报表.xlsx")).expect("read");
    std::fs::write(dir.join("截断.xlsx"), &good[..good.len() / 2]).expect("truncated");
    write_zip_of_zeros(
        &dir.join("压缩炸弹.xlsx"),
        "xl/sharedStrings.xml",
        200 * 1024 * 1024,
    );
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(dir.join("加密.xlsx"), ole).expect("ole");
    write_repeated_ods(&dir.join("巨大范围.ods"), 1_048_576);
    std::fs::write(dir.join("~$2023-正定县-核心能力评估填报表.xlsx"), b"lock").expect("lock");
    std::fs::write(dir.join("说明.docx"), b"doc").expect("docx");
    let big = {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "A1").expect("a1");
        sheet
            .write_string(1_048_575, 16_383, "XFD1048576")
            .expect("xfd");
        book.save_to_buffer().expect("buffer")
    };
    std::fs::write(dir.join("角落.xlsx"), big).expect("corners");

    // no duration asserted: a hang would leave the test run waiting, and the
    // readers' time limits are tested by their results (test_read_one)
    let run = t.run(&["validate", "2023", "--year", "2023"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    for (name, says) in [
        ("空文件.xlsx", "文件是空的（0 字节），未读取"),
        ("乱码.xlsx", "不是有效的表格文件"),
        ("截断.xlsx", "文件已损坏或不完整"),
        ("压缩炸弹.xlsx", "文件超出处理上限"),
        ("加密.xlsx", "文件设置了打开密码，无法读取"),
        ("巨大范围.ods", "文件超出处理上限"),
        ("角落.xlsx", "不是本年度下发的填报表"),
        (
            "~$2023-正定县-核心能力评估填报表.xlsx",
            "Excel/WPS 打开文件时留下的临时文件，已跳过",
        ),
        ("说明.docx", "不是表格文件"),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(&format!("2023/{name}:")))
            .unwrap_or_else(|| panic!("{name} not reported:\n{out}"));
        assert!(line.contains(says), "{name}: {line}");
    }
    // 11 files: the two good ones read, 7 rejected, 2 skipped
    assert!(
        out.contains("找到 11 个文件 = 读取 2 + 拒收 7 + 跳过 2"),
        "{out}"
    );
}

#[test]
fn libreoffice_resaves_read_back_the_same_values() {
    let t = Test::new();
    let fw = fw();
    let source = repo().join("samples/2023/2023-正定县-核心能力评估填报表.xlsx");
    let original = extract_file(&fw, &source);
    let copy = t.path("正定县.xlsx");
    std::fs::copy(&source, &copy).expect("copy");
    for format in ["xlsx", "ods", "xls"] {
        let out = t.path(format);
        std::fs::create_dir_all(&out).expect("dir");
        let Some(converted) = soffice_convert_all(std::slice::from_ref(&copy), format, &out) else {
            return;
        };
        let again = extract_file(&fw, &converted[0]);
        assert_eq!(again.unit_code, "130123", "{format}");
        let values = |s: &Submission| {
            s.values
                .iter()
                .map(|(k, v)| (k.clone(), v.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(values(&again), values(&original), "{format}");
        let orgs = |s: &Submission| {
            s.orgs
                .iter()
                .map(|o| {
                    (
                        o.name.clone(),
                        o.org_type.clone(),
                        o.members,
                        o.volunteers,
                        o.items.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(orgs(&again), orgs(&original), "{format}");
        assert_eq!(again.claims, original.claims, "{format}");
        assert_eq!(again.signed, original.signed, "{format}");
    }
}

#[test]
fn a_programmatically_filled_template_reads_back_exactly_what_was_filled() {
    use county_assess::submission::Entry;
    let fw = fw();
    let (samples, _) = county_assess::samples::generate(&fw, &[2023], 2021);
    let sample = samples
        .iter()
        .find(|s| s.unit_code == "130123")
        .expect("正定县");
    let read = extract_file(
        &fw,
        &repo().join("samples/2023/2023-正定县-核心能力评估填报表.xlsx"),
    );
    for (code, entry) in &sample.filled.values {
        let got = &read.values[code].value;
        match entry {
            Entry::Number(n) => assert_eq!(got, &Value::Number(*n), "{code}"),
            Entry::Text(t) if t == "是" => assert_eq!(got, &Value::YesNo(true), "{code}"),
            Entry::Text(t) if t == "否" => assert_eq!(got, &Value::YesNo(false), "{code}"),
            Entry::Text(t) => assert_eq!(got, &Value::Text(t.clone()), "{code}"),
        }
    }
    assert_eq!(read.orgs.len(), sample.filled.orgs.len());
    assert_eq!(read.claims.len(), sample.filled.claims.len());
    assert_eq!(read.evidence, sample.filled.evidence);
}

#[test]
fn template_with_previous_shows_last_years_values() {
    let t = Test::new();
    let last = repo().join("samples/2023");
    let run = t.run(&[
        "template",
        "--year",
        "2024",
        "--unit",
        "正定县",
        "--out",
        "t",
        "--previous",
        &last.to_string_lossy(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("上年数：从"), "{}", run.stdout);
    let path = t.path("t/2024-正定县-核心能力评估填报表.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("xlsx");
    let data = book.worksheet_range("指标数据").expect("data");
    let previous = extract_file(&fw(), &last.join("2023-正定县-核心能力评估填报表.xlsx"));
    let row = row_of(&path, "certified_cumulative") - 1;
    let Value::Number(n) = previous.values["certified_cumulative"].value else {
        panic!("number")
    };
    assert_eq!(
        data.get_value((row, 4)),
        Some(&Data::String(format!("{n}")))
    );
    let row = row_of(&path, "org_independent") - 1;
    assert_eq!(data.get_value((row, 4)), Some(&Data::String("是".into())));
    // the input cell stays empty
    assert_eq!(
        data.get_value((row, 5)).unwrap_or(&Data::Empty),
        &Data::Empty
    );
}

#[test]
fn last_years_folder_is_found_by_its_stamps_when_it_is_not_named_after_the_year() {
    let t = Test::new();
    for (from, to) in [
        ("samples/2023", "本年"),
        ("samples/2022", "去年报表"),
        ("samples/2021", "前年"),
    ] {
        std::fs::create_dir_all(t.path(to)).expect("dir");
        for entry in std::fs::read_dir(repo().join(from)).expect("dir") {
            let path = entry.expect("e").path();
            std::fs::copy(&path, t.path(to).join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let run = t.run(&["validate", "本年"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // only the folder stamped 2022 is used, not the 2021 one
    assert!(
        run.stdout.contains("上年数据：去年报表（21 个单位）"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_report_never_replaces_an_input() {
    let t = Test::new();
    copy_dir(&t, "samples/2023", "2023");
    let before = files_under(&t.path("2023"));
    let input = "2023/2023-赵县-核心能力评估填报表.xlsx";
    for report in [input, "2023/../2023/2023-赵县-核心能力评估填报表.xlsx"] {
        let run = t.run(&["validate", "2023", "--report", report]);
        assert_eq!(run.code, 2, "{}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("输出文件 {report} 就是输入文件 {input}")),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert_eq!(files_under(&t.path("2023")), before);
    }
    // a file given by name is an input too
    let run = t.run(&["validate", input, "--report", input]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(files_under(&t.path("2023")), before);
    // the findings workbook carries its kind
    let run = t.run(&["validate", "2023", "--report", "审核意见.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parts = crate::common::XlsxParts::open(&t.path("审核意见.xlsx"));
    assert!(
        parts
            .part("docProps/custom.xml")
            .contains("name=\"assess-kind\"><vt:lpwstr>findings</vt:lpwstr>"),
        "{}",
        parts.part("docProps/custom.xml")
    );
}

/// A county's self-check: its workbook dropped on assess.exe (the only
/// argument, no command) is validated alone, its 审核意见 written beside it,
/// the summary printed in Chinese, then Enter is awaited (none here: stdin
/// is empty, so it returns at once).
#[test]
fn a_workbook_dropped_on_the_program_is_checked_alone_with_its_review_beside_it() {
    let t = Test::new();
    // samples/problems' 正定县 file: 应急演练次数 written 「三次」 at 指标数据!F23
    let name = "正定县2023年报表(终版).xlsx";
    std::fs::copy(repo().join("samples/problems").join(name), t.path(name)).expect("copy");
    let before = std::fs::read(t.path(name)).expect("bytes");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_assess"))
        .arg(t.path(name))
        .current_dir(t.dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("指标数据!F23: 「三次」用了汉字数字"),
        "{stdout}"
    );
    // its own file only: no finding about the 20 units that sent nothing
    assert!(!stdout.contains("没有报送文件"), "{stdout}");
    assert!(stdout.contains("1 个错误"), "{stdout}");
    assert!(stdout.contains("请按回车键关闭窗口"), "{stdout}");
    // the 审核意见 beside it, naming the cell; the input untouched
    let report = t.path("正定县2023年报表(终版)-审核意见.xlsx");
    let mut book: Xlsx<_> = open_workbook(&report).expect("审核意见");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("sheet");
    let cells: Vec<String> = range.used_cells().map(|c| c.2.to_string()).collect();
    assert!(cells.iter().any(|c| c.contains("F23")), "{cells:?}");
    assert_eq!(std::fs::read(t.path(name)).expect("bytes"), before);
    // a command or an option is never taken for a dropped file
    let run = t.run(&["validate"]);
    assert_eq!(run.code, 2);
}

/// Every file read is listed: those with findings under their heading, the
/// others once each under 没有发现问题.
#[test]
fn validate_lists_every_file_read_the_clean_ones_in_one_line_each() {
    let t = Test::new();
    let dir = repo().join("samples/2023");
    let run = t.run(&["validate", &dir.to_string_lossy()]);
    let files: Vec<String> = std::fs::read_dir(&dir)
        .expect("samples")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    assert_eq!(files.len(), 22, "21 counties and the city workbook");
    for name in &files {
        assert!(
            run.stdout.contains(name.as_str()),
            "{name} is not listed:\n{}",
            run.stdout
        );
    }
    let clean = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("—— 没有发现问题（"))
        .expect("the clean files' heading");
    let count: usize = clean
        .split(' ')
        .next()
        .expect("count")
        .parse()
        .expect("number");
    // the clean files' lines: each one file, after the heading
    let listed = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("—— 没有发现问题"))
        .skip(1)
        .take_while(|l| l.starts_with("  ") && l.contains(".xlsx（"))
        .count();
    assert_eq!(listed, count);
    assert!(count > 0 && count < 21, "{count}");
}
