"""Only regular files get into a pack: archive members that are links or devices are refused, a
member larger than the cap is refused (whatever its header says), and a pack folder or a pack
path that is a named pipe, a device or a link is refused without blocking."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from game.packs import MAX_FILE_BYTES, PackError, folder_files, open_pack, read_zip
from tests.conftest import returns_within

ROOT = Path(__file__).resolve().parent.parent.parent
SCENARIO = (ROOT / "scenarios" / "toll_text.yaml").read_bytes()

posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and links need a POSIX system")


def _archive(path: Path, members: list[tuple[str, int, bytes]]) -> Path:
    """A zip whose members have the given names, file modes (S_IFLNK, S_IFCHR, …) and data."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, mode, data in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = mode << 16
            archive.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


def _keys(exc: PackError) -> list[str]:
    return [problem.key for problem in exc.problems]


@pytest.mark.parametrize("mode, data", [(stat.S_IFLNK | 0o777, b"/etc/passwd"), (stat.S_IFCHR | 0o644, b""),
                                         (stat.S_IFIFO | 0o644, b"")], ids=["link", "device", "pipe"])
def test_archive_members_that_are_not_regular_files_are_refused(tmp_path: Path, mode: int, data: bytes) -> None:
    path = _archive(tmp_path / "town.zip", [("toll_text.yaml", stat.S_IFREG | 0o644, SCENARIO),
                                            ("notes.yaml", mode, data)])
    with pytest.raises(PackError) as caught:
        read_zip(path)
    assert _keys(caught.value) == ["pack_zip_not_file"]
    assert "notes.yaml" in caught.value.problems[0].message


def test_a_regular_member_unpacks(tmp_path: Path) -> None:
    path = _archive(tmp_path / "town.zip", [("toll_text.yaml", stat.S_IFREG | 0o644, SCENARIO)])
    assert read_zip(path) == {"toll_text.yaml": SCENARIO}


def test_a_member_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = _archive(tmp_path / "town.zip", [("big.yaml", stat.S_IFREG | 0o644, b"#" * (MAX_FILE_BYTES + 1))])
    with pytest.raises(PackError) as caught:
        read_zip(path)
    assert _keys(caught.value) == ["pack_zip_too_large"]


def test_a_member_whose_header_understates_its_size_is_refused(tmp_path: Path) -> None:
    """The size in the central directory is a claim: what is read is capped all the same."""
    path = _archive(tmp_path / "town.zip", [("big.yaml", stat.S_IFREG | 0o644, b"#" * (MAX_FILE_BYTES + 1))])
    data = path.read_bytes()
    true_size = (MAX_FILE_BYTES + 1).to_bytes(4, "little")
    central = data.rindex(b"PK\x01\x02")
    size_at = central + 24                      # uncompressed size in the central directory entry
    assert data[size_at:size_at + 4] == true_size
    path.write_bytes(data[:size_at] + (100).to_bytes(4, "little") + data[size_at + 4:])
    with pytest.raises(PackError) as caught:
        read_zip(path)
    assert set(_keys(caught.value)) <= {"pack_zip_too_large", "pack_zip_unreadable"}


@posix
def test_a_pack_folder_with_a_pipe_a_device_link_and_a_file_link(tmp_path: Path) -> None:
    pack = tmp_path / "town"
    pack.mkdir()
    (pack / "toll_text.yaml").write_bytes(SCENARIO)
    os.mkfifo(pack / "pipe.yaml")
    (pack / "zero.yaml").symlink_to("/dev/zero")
    (pack / "copy.yaml").symlink_to(pack / "toll_text.yaml")
    files, problems = returns_within(lambda: folder_files(pack))
    assert files == {"toll_text.yaml": SCENARIO}
    assert sorted(Path(p.path).name for p in problems) == ["copy.yaml", "pipe.yaml", "zero.yaml"]
    assert {p.key for p in problems} == {"pack_zip_not_file"}


@posix
def test_a_pack_given_as_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "town.zip")
    with pytest.raises(PackError) as caught:
        returns_within(lambda: open_pack(tmp_path / "town.zip"))
    assert _keys(caught.value) == ["pack_zip_not_file"]
