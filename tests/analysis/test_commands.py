"""The `praise classify`, `praise eval` and `praise train` commands, through Typer's test runner."""

import json

import pytest
from typer.testing import CliRunner

import praise.commands.analysis  # noqa: F401 - registers the commands on the app
from praise.cli_app import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def no_config(monkeypatch, tmp_path):
    monkeypatch.delenv("PRAISE_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)


def test_classify_prints_labels_scores_and_reasons():
    result = runner.invoke(app, ["classify", "Danke, liebe IT, für den dritten VPN-Ausfall diese Woche 🙄"])
    assert result.exit_code == 0, result.output
    assert "irony" in result.output
    assert "review" in result.output
    assert "sentiment-lr-" in result.output


def test_classify_json_respects_configured_accounts(tmp_path):
    config = tmp_path / "praise.toml"
    config.write_text('[analysis]\nstaff_accounts = ["jan_it_demo"]\n', encoding="utf-8")
    text = "Danke an das ganze Helpdesk-Team, ihr seid super!"
    plain = json.loads(runner.invoke(app, ["--config", str(config), "classify", "--json", text]).output)
    staff = json.loads(
        runner.invoke(
            app, ["--config", str(config), "classify", "--json", "--author", "jan_it_demo", text]
        ).output
    )
    assert plain["praise"] is True
    assert staff["praise"] is False


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_eval_json_reports_the_documented_keys(tmp_path):
    data = write(
        tmp_path / "set.csv",
        "id,text,label\n1,Danke an den Helpdesk für die Hilfe!,praise\n2,Schöner Tag heute,not_praise\n"
        "3,Das VPN ist kaputt,not_praise\n4,Vielen Dank liebe IT für den neuen Laptop,praise\n",
    )
    result = runner.invoke(app, ["eval", "--json", str(data)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"macro_f1", "accuracy", "texts_per_second", "per_class"} <= set(report)
    assert set(report["per_class"]) == {"praise", "not_praise"}
    assert set(report["per_class"]["praise"]) >= {"precision", "recall", "f1"}
    assert report["accuracy"] == 1.0
    assert report["texts_per_second"] > 0


def test_eval_table_shows_confusion_and_speed(tmp_path):
    data = write(
        tmp_path / "s.csv", "text,label\nDas ist toll,positive\nDas ist furchtbar,negative\nDer Bus,neutral\n"
    )
    result = runner.invoke(app, ["eval", str(data)])
    assert result.exit_code == 0, result.output
    for word in ("precision", "recall", "macro-F1", "accuracy", "confusion", "texts per second"):
        assert word in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("text,gold\nHallo,positive\n", "missing column(s): label"),
        ("text,label\nHallo,happy\n", "unknown label 'happy'"),
        ("text,label\nHallo,positive\nDanke,praise\n", "mixes sentiment and praise"),
    ],
)
def test_eval_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if content is not None:
        write(path, content)
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_train_reports_missing_data_and_bad_corrections(tmp_path):
    result = runner.invoke(app, ["train", "--data-dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "training file(s) not found" in result.output
    result = runner.invoke(
        app, ["train", "--data-dir", str(tmp_path), "--corrections", str(tmp_path / "c.csv")]
    )
    assert result.exit_code == 2


def test_train_writes_a_new_version_that_classify_can_use(tmp_path):
    from analysis.training import TRAINING_FILES

    from .test_training import INVENTED

    rows = "text,label\n" + "".join(f'"{t}",{label}\n' for t, label in INVENTED * 2)
    for name in TRAINING_FILES:
        write(tmp_path / name, rows)
    corrections = write(tmp_path / "corrections.csv", "text,label,editor\nDer Automat summt,negative,anna\n")
    out = tmp_path / "new.npz"
    result = runner.invoke(
        app, ["train", "--data-dir", str(tmp_path), "--corrections", str(corrections), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 corrections" in result.output
    classified = json.loads(
        runner.invoke(app, ["classify", "--json", "--weights", str(out), "Danke!"]).output
    )
    assert classified["model_version"].startswith("sentiment-lr-")
    assert not classified["model_version"].startswith("sentiment-lr-2026.11.1+")


def test_train_rejects_praise_labels_as_corrections(tmp_path):
    from analysis.training import TRAINING_FILES

    for name in TRAINING_FILES:
        write(tmp_path / name, "text,label\nGut,positive\n")
    corrections = write(tmp_path / "c.csv", "text,label\nDanke IT,praise\n")
    result = runner.invoke(app, ["train", "--data-dir", str(tmp_path), "--corrections", str(corrections)])
    assert result.exit_code == 2
    assert "unknown label 'praise'" in result.output


def test_eval_passes_context_columns_to_the_classifier(tmp_path):
    text = "Danke für eure Geduld mit uns Technik-Dinos!"
    addressed = write(
        tmp_path / "addressed.csv",
        f"text,label,platform,source,reply_to,author\n{text},praise,x,x:mentions:StadtIT_Demo,StadtIT_Demo,u1\n",
    )
    keyword = write(
        tmp_path / "keyword.csv",
        f"text,label,platform,source,reply_to,author\n{text},praise,x,x:search:Geduld,,u1\n",
    )
    own = write(
        tmp_path / "own.csv",
        f"text,label,platform,source,reply_to,author\n{text},praise,x,x:mentions:StadtIT_Demo,StadtIT_Demo,StadtIT_Demo\n",
    )
    config = write(tmp_path / "praise.toml", '[x]\naccounts = ["StadtIT_Demo"]\n')
    recall = {}
    for name, path in (("addressed", addressed), ("keyword", keyword), ("own", own)):
        result = runner.invoke(app, ["--config", str(config), "eval", "--json", str(path)])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert {"macro_f1", "accuracy", "texts_per_second", "per_class", "confusion"} <= set(report)
        recall[name] = report["per_class"]["praise"]["recall"]
    assert recall == {"addressed": 1.0, "keyword": 0.0, "own": 0.0}


def test_eval_rejects_a_malformed_source(tmp_path):
    data = write(tmp_path / "bad.csv", "text,label,source\nDanke!,praise,mentions\n")
    result = runner.invoke(app, ["eval", str(data)])
    assert result.exit_code != 0
    assert "praise: error:" in result.output
    assert "platform:kind:key" in result.output
    assert "Traceback" not in result.output


def test_classify_takes_context_options(tmp_path):
    config = write(tmp_path / "praise.toml", '[instagram]\nprofiles = ["kater.joey.demo"]\n')
    args = ["--config", str(config), "classify", "--json", "Joeyyy 😻❤️"]
    under = json.loads(
        runner.invoke(
            app,
            [
                *args,
                "--platform",
                "instagram",
                "--source",
                "instagram:profile:kater.joey.demo",
                "--reply-to",
                "kater.joey.demo",
            ],
        ).output
    )
    keyword = json.loads(
        runner.invoke(app, [*args, "--platform", "instagram", "--source", "instagram:hashtag:katzen"]).output
    )
    assert under["praise"] is True
    assert keyword["praise"] is False
    assert keyword["needs_review"] is True
