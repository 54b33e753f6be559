"""Files longer than one conversion batch: problems, duplicate ids and re-imports found across batches."""

from __future__ import annotations

import json
from pathlib import Path


from tests.core.test_import_samples import WJX_TEXT, write_csv
from xmdesk.core.importing.mapping import MAX_LEARNED_CHOICES
from xmdesk.core.importing.run import BATCH_ROWS, SAMPLE_ROWS, check, prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey, version_definition

ROWS = BATCH_ROWS * 2 + 500
GENDERS = ("男", "女")


def answers(number: int) -> list[str]:
    """Row `number` of a 问卷星 export; the id is the row number."""
    return [str(number), f"2024/5/{number % 28 + 1} 10:00:00", "60秒", "链接", "1.2.3.4", GENDERS[number % 2],
            "满意", "微信", f"{number % 11}分", f"建议{number}"]


def test_problems_and_duplicate_ids_in_later_batches(study: Study, tmp_path: Path) -> None:
    rows = [answers(number) for number in range(1, ROWS + 1)]
    rows[ROWS - 300][0] = "7"  # the id of row 8 of the file again, two batches later
    rows[ROWS - 200][8] = "11分"  # out of range 0–10
    path = write_csv(tmp_path / "big.csv", [WJX_TEXT[0]] + rows)
    report = check(study, prepare(study, path, new="big"))
    assert [(p.row, p.column, p.value, p.problem) for p in report.problems] == [
        (ROWS - 298, "序号", "7", "duplicate id (also in row 8)"),
        (ROWS - 198, "4、您向朋友推荐我们的可能性", "11分", "out of range 0–10")]
    result = run_import(study, prepare(study, path, new="big"), on_error="missing")
    assert (result.rows, result.imported, result.skipped) == (ROWS, ROWS - 1, 1)
    survey = load_survey(study, "big")
    stored = study.conn.execute(f'SELECT q1, q4, q5 FROM "{survey.response_table}" ORDER BY id').fetchall()
    kept = [row for n, row in enumerate(rows) if n != ROWS - 300]
    expected = [(1 if row[5] == "女" else 2, None if row[8] == "11分" else int(row[8][:-1]), row[9])
                for row in kept]  # 女 is the first option seen
    assert stored == expected


def test_reimport_of_a_grown_file_skips_every_row_already_there(study: Study, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "may.csv", [WJX_TEXT[0]] + [answers(n) for n in range(1, ROWS + 1)])
    run_import(study, prepare(study, first, new="big"))
    grown = write_csv(tmp_path / "june.csv", [WJX_TEXT[0]] + [answers(n) for n in range(1, ROWS + 801)])
    again = run_import(study, prepare(study, grown, survey="big"))
    assert (again.rows, again.already, again.imported) == (ROWS + 800, ROWS, 800)
    survey = load_survey(study, "big")
    ids = study.conn.execute(f'SELECT q5 FROM "{survey.response_table}" ORDER BY id').fetchall()
    assert ids == [(f"建议{n}",) for n in range(1, ROWS + 801)]


def gender_after_sample(number: int) -> str:
    """Every 50th row after the sampled rows answers an option the sample never showed."""
    return "不愿透露" if number > SAMPLE_ROWS + 500 and number % 50 == 0 else GENDERS[number % 2]


def test_a_new_survey_takes_options_first_seen_after_the_sample(study: Study, tmp_path: Path) -> None:
    rows = [answers(number) for number in range(1, ROWS + 1)]
    for number, row in enumerate(rows, start=1):
        row[5] = gender_after_sample(number)
    path = write_csv(tmp_path / "late.csv", [WJX_TEXT[0]] + rows)
    plan = prepare(study, path, new="late")
    assert [c.label_zh for c in plan.survey.question("q1").choices] == ["女", "男"]  # what the sample showed
    result = run_import(study, plan, on_error="stop")
    assert (result.imported, result.problem_count, result.new_choices) == (ROWS, 0, {"q1": ["不愿透露"]})
    survey = load_survey(study, "late")
    choices = {c.label_zh: c.value for c in survey.question("q1").choices}
    assert choices == {"女": 1, "男": 2, "不愿透露": 3}
    stored = [value for (value,) in study.conn.execute(f'SELECT q1 FROM "{survey.response_table}" ORDER BY id')]
    assert stored == [choices[row[5]] for row in rows]
    kept = json.loads(study.conn.execute("SELECT mapping FROM import_log WHERE status = 'done'").fetchone()[0])
    assert kept["fields"][5]["recode"]["不愿透露"] == 3  # a saved mapping knows the option for next month
    assert version_definition(study.conn, "late", 1).question("q1").choices == survey.question("q1").choices


def test_check_lists_late_options_and_an_existing_survey_never_takes_them(study: Study, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "may.csv", [WJX_TEXT[0]] + [answers(n) for n in range(1, 101)])
    run_import(study, prepare(study, first, new="big"))
    rows = [answers(number) for number in range(1, ROWS + 1)]
    for number, row in enumerate(rows, start=1):
        row[5] = gender_after_sample(number)
    later = write_csv(tmp_path / "june.csv", [WJX_TEXT[0]] + rows)
    assert check(study, prepare(study, later, new="fresh")).new_choices == {"q1": ["不愿透露"]}
    report = check(study, prepare(study, later, survey="big"), skip_seen=False)
    late = [number for number in range(1, ROWS + 1) if gender_after_sample(number) == "不愿透露"]
    assert report.new_choices == {}
    assert [(p.row, p.value, p.problem) for p in report.problems] == [
        (number + 1, "不愿透露", "not one of the options") for number in late]  # file row = data row + header
    assert [c.label_zh for c in load_survey(study, "big").question("q1").choices] == ["女", "男"]


def test_a_question_stops_learning_at_its_limit(study: Study, tmp_path: Path) -> None:
    rows = [answers(number) for number in range(1, ROWS + 1)]
    for number, row in enumerate(rows, start=1):
        row[5] = f"类别{number}" if number > SAMPLE_ROWS else GENDERS[number % 2]
    path = write_csv(tmp_path / "many.csv", [WJX_TEXT[0]] + rows)
    result = run_import(study, prepare(study, path, new="many"), on_error="missing")
    learned = MAX_LEARNED_CHOICES - 2
    assert result.new_choices == {"q1": [f"类别{n}" for n in range(SAMPLE_ROWS + 1, SAMPLE_ROWS + 1 + learned)]}
    assert result.problem_count == ROWS - SAMPLE_ROWS - learned
    assert len(load_survey(study, "many").question("q1").choices) == MAX_LEARNED_CHOICES


def test_a_proposed_rating_scale_grows_with_answers_after_the_sample(study: Study, tmp_path: Path) -> None:
    rows = [answers(number) for number in range(1, ROWS + 1)]
    for number, row in enumerate(rows, start=1):
        row[6] = str(number % 5 + 1)  # 1-5 in the sampled rows: a 5-point rating is proposed
    rows[SAMPLE_ROWS + 100][6] = "7"
    rows[SAMPLE_ROWS + 200][6] = "6"
    rows[SAMPLE_ROWS + 300][6] = "12"  # above any scale: still out of range
    path = write_csv(tmp_path / "seven.csv", [WJX_TEXT[0]] + rows)
    plan = prepare(study, path, new="seven")
    assert plan.survey.question("q2").props == {"points": 5}
    result = run_import(study, plan, on_error="missing")
    assert result.wider_scales == {"q2": 7}
    assert [(p.row, p.value, p.problem) for p in result.problems] == [(SAMPLE_ROWS + 302, "12", "out of range 1–7")]
    survey = load_survey(study, "seven")
    assert survey.question("q2").props == {"points": 7}
    assert version_definition(study.conn, "seven", 1).question("q2").props == {"points": 7}
    stored = [value for (value,) in study.conn.execute(f'SELECT q2 FROM "{survey.response_table}" ORDER BY id')]
    assert stored == [None if row[6] == "12" else int(row[6]) for row in rows]


def test_a_proposed_matrix_learns_like_its_rows_questions(study: Study, tmp_path: Path) -> None:
    """Rows of one grid share the matrix's scale and choices: a label two rows meet after the sample
    is one new choice, and an answer above the sampled points widens the whole matrix."""
    header = ["序号", "提交答卷时间", "1、(服务态度)", "1、(购物环境)", "2、(商品质量)", "2、(售后服务)"]
    labels = ("好", "一般", "差")
    rows = [[str(n), "2024/5/1 10:00:00", str(n % 5 + 1), str((n + 2) % 5 + 1), labels[n % 3], labels[(n + 1) % 3]]
            for n in range(1, ROWS + 1)]
    rows[SAMPLE_ROWS + 50][3] = "7"
    rows[SAMPLE_ROWS + 60][4] = "非常好"
    rows[SAMPLE_ROWS + 70][5] = "非常好"
    path = write_csv(tmp_path / "grid.csv", [header] + rows)
    plan = prepare(study, path, new="grid")
    assert [q.type.value for q in plan.survey.questions] == ["matrix", "matrix"]
    result = run_import(study, plan, on_error="stop")
    assert (result.imported, result.new_choices, result.wider_scales) == (ROWS, {"q2": ["非常好"]}, {"q1": 7})
    survey = load_survey(study, "grid")
    choices = {c.label_zh: c.value for c in survey.question("q2").choices}
    assert set(choices) == {"好", "一般", "差", "非常好"} and survey.question("q1").props["points"] == 7
    columns = [c.name for c in survey.question("q1").columns() + survey.question("q2").columns()]
    stored = study.conn.execute(f'SELECT {", ".join(columns)} FROM "{survey.response_table}" ORDER BY id').fetchall()
    assert stored == [(int(row[2]), int(row[3]), choices[row[4]], choices[row[5]]) for row in rows]
