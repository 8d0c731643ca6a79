"""tui/models/job_links.py: console URLs per partition, hosts, the SSM command."""

from __future__ import annotations

from tui.models.job_links import command_line, console_url, hosts, remote_debug_enabled, ssm_command


def test_console_url_follows_the_arns_partition_and_region() -> None:
    arn = "arn:aws:sagemaker:eu-west-1:123456789012:training-job/my-job"
    assert console_url("my-job", arn) == (
        "https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/jobs/my-job"
    )
    cn = "arn:aws-cn:sagemaker:cn-north-1:123456789012:training-job/j"
    assert console_url("j", cn) == "https://cn-north-1.console.amazonaws.cn/sagemaker/home?region=cn-north-1#/jobs/j"
    assert console_url("j", None, "us-west-2") == (
        "https://us-west-2.console.aws.amazon.com/sagemaker/home?region=us-west-2#/jobs/j"
    )
    assert console_url("j", "", None) is None
    # Whatever the name holds, the URL is quoted: nothing in it can reach the terminal raw.
    assert "\x1b" not in (console_url("a\x1b]52;c;x\a", None, "us-east-1") or "")


def test_hosts_count_instances_and_instance_groups() -> None:
    assert hosts({"ResourceConfig": {"InstanceCount": 3}}) == ["algo-1", "algo-2", "algo-3"]
    groups = {"InstanceGroups": [{"InstanceCount": 2}, {"InstanceCount": 1}]}
    assert hosts({"ResourceConfig": groups}) == ["algo-1", "algo-2", "algo-3"]
    assert hosts({}) == ["algo-1"]


def test_remote_debug_and_the_command() -> None:
    assert remote_debug_enabled({"RemoteDebugConfig": {"EnableRemoteDebug": True}})
    assert not remote_debug_enabled({"RemoteDebugConfig": {"EnableRemoteDebug": False}})
    assert not remote_debug_enabled({})
    argv = ssm_command("j", "algo-2", "us-east-1")
    assert command_line(argv) == (
        "aws ssm start-session --target sagemaker-training-job:j_algo-2 --region us-east-1"
    )
    # The app's named profile goes along: the session opens in the account the app shows.
    assert ssm_command("j", "algo-1", None, "prod")[-2:] == ["--profile", "prod"]
    assert "--profile" not in ssm_command("j", "algo-1", "us-east-1", None)
