"""The command line: open the window, train headless, benchmark.

    playground [FILE.json] [--preset NAME] [--autoplay] [--quit-after S]
               [--screenshot PATH] [--stats]
    playground --list-presets | --version
    playground train [--preset NAME | FILE.json] [--data FILE.csv] [--epochs N]
                     [--seed S] [--json] [--quiet]
                     [--save TRAINED.json]
    playground export [--preset NAME | FILE.json] [--onnx F] [--torch F.py] [--keras F.py]
    playground bench [--json]
    playground install-desktop [--uninstall]

A user's mistake exits 2 with one line on stderr that says what and where.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time

import engine
from engine import fastpath, presets
from engine.edit import adapt_to_data
from engine.errors import PlaygroundError, one_line

from . import interrupts


class UsageError(Exception):
    """A bad argument: one line, exit code 2 (as tidy as a PlaygroundError's)."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line instead of usage + message
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _positive_int(name):
    def parse(text):
        try:
            v = int(text)
        except ValueError:
            msg = f"{name} must be a whole number, got {text!r}"
            raise argparse.ArgumentTypeError(msg) from None
        if v < (0 if name == "seed" else 1):
            raise argparse.ArgumentTypeError(
                f"{name} must be {'>= 0' if name == 'seed' else '>= 1'}, got {v}"
            )
        return v

    return parse


def _gui_parser() -> _Parser:
    p = _Parser(
        prog="playground",
        usage="playground [FILE.json | --preset NAME] [options]\n"
              "       playground train [FILE.json | --preset NAME] [--data FILE.csv] [options]\n"
              "       playground export [FILE.json | --preset NAME] --onnx F | --torch F "
              "| --keras F\n"
              "       playground bench [options]\n"
              "       playground install-desktop [--uninstall]",
        description="A neural-network playground: build a network "
        "by clicking, press Play, watch it learn.  'playground train' trains without "
        "a window, 'playground export' writes a trained network for PyTorch, Keras or "
        "ONNX, 'playground bench' measures the engine.",
        epilog="Subcommands: 'playground train --help', 'playground export --help', "
               "'playground bench --help', 'playground install-desktop --help'.",
    )
    p.add_argument("file", nargs="?", metavar="FILE.json", help="a project to open")
    p.add_argument("--preset", metavar="NAME", help="open a lesson (see --list-presets)")
    p.add_argument("--list-presets", action="store_true", help="list the lessons and exit")
    p.add_argument("--version", action="version", version=f"playground {engine.__version__}")
    p.add_argument("--seed", type=_positive_int("seed"), help="seed for data and training")
    p.add_argument("--autoplay", action="store_true", help="start training at once")
    p.add_argument("--quit-after", type=float, metavar="SECONDS", help="quit after SECONDS")
    p.add_argument("--screenshot", metavar="PATH", help="save a PNG of the window when quitting")
    p.add_argument(
        "--stats",
        action="store_true",
        help="print one JSON line of frame and training statistics when quitting",
    )
    p.add_argument("--size", metavar="WxH", default=None, help="window size, e.g. 1280x800")
    p.add_argument("--no-jit", dest="jit", action="store_false",
                   help="train on the NumPy reference path only (no compiled kernels)")
    p.add_argument("--theme", choices=("system", "light", "dark", "high-contrast"),
                   default="system", help="colours: the desktop's (default), light, dark or "
                                          "high contrast (also View ▸ Theme)")
    p.add_argument("--lang", choices=("en", "ko"), default=None,
                   help="the UI's language: English or Korean (default: the last one chosen "
                        "in Help ▸ Language, else the desktop's)")
    p.add_argument("--speed", metavar="N|max", default=None,
                   help="training steps per animation frame, or 'max' (as fast as it goes)")
    return p


def _train_parser() -> _Parser:
    p = _Parser(prog="playground train", description="Train without a window and print metrics.")
    p.add_argument("file", nargs="?", metavar="FILE.json", help="a project file")
    p.add_argument("--preset", metavar="NAME", help="a lesson (see playground --list-presets)")
    p.add_argument("--data", metavar="FILE.csv", help="train on these points (x1,x2,label or y)")
    p.add_argument("--epochs", type=_positive_int("epochs"), help="most epochs to train")
    p.add_argument("--seed", type=_positive_int("seed"), help="seed for data and training")
    p.add_argument("--json", action="store_true", help="print the metrics as one JSON line")
    p.add_argument("--save", metavar="TRAINED.json",
                   help="write the trained project (weights included): open it in the "
                        "window, or export it with 'playground export'")
    p.add_argument("--plot", metavar="OUT.png",
                   help="draw the trained boundary and the loss curves to a PNG or SVG file "
                        "(for handouts; no screen needed)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar and no notes on stderr (errors still)")
    path = p.add_mutually_exclusive_group()
    path.add_argument("--jit", dest="jit", action="store_const", const=True, default=None,
                      help="train on the compiled path (numba); default: when the run is long")
    path.add_argument("--no-jit", dest="jit", action="store_const", const=False,
                      help="train on the NumPy reference path")
    return p


def _export_parser() -> _Parser:
    p = _Parser(prog="playground export",
                description="Write a trained network as an ONNX model or as a PyTorch or "
                            "Keras script (each takes raw points (x1, x2) and computes the "
                            "input features itself). A project without weights (a lesson) "
                            "is trained first, as 'playground train' trains it.")
    p.add_argument("file", nargs="?", metavar="FILE.json", help="a (trained) project file")
    p.add_argument("--preset", metavar="NAME", help="a lesson (see playground --list-presets)")
    p.add_argument("--seed", type=_positive_int("seed"), help="seed for data and training")
    p.add_argument("--onnx", metavar="OUT.onnx", help="an ONNX model (needs the onnx package)")
    p.add_argument("--torch", metavar="OUT.py", help="a PyTorch script")
    p.add_argument("--keras", metavar="OUT.py", help="a Keras script")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    return p


def _bench_parser() -> _Parser:
    p = _Parser(prog="playground bench", description="Measure engine speed.")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    p.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    p.add_argument("--reference", action="store_true",
                   help="time the NumPy reference path, not the compiled kernels")
    return p


def load_project(file: str | None, preset: str | None, seed: int | None) -> engine.Project:
    """The project named on the command line (a file, a preset, or the default)."""
    if file and preset:
        raise UsageError("give a project FILE.json or --preset NAME, not both")
    if file:
        proj = engine.project.load(file)
        if seed is not None:
            proj = proj.replace(
                training=proj.training.replace(seed=seed), data=_reseed(proj.data, seed)
            )
    else:
        proj = presets.load(presets.DEFAULT if preset is None else preset, seed=seed or 0)
    return proj


def with_csv(proj: engine.Project, data: str) -> engine.Project:
    """``proj`` on the points of CSV file ``data``, fresh weights; the output layer
    and loss follow the points' task, as in the window."""
    points = engine.csvio.load_csv(data)
    settings = engine.DataSettings(name="csv", seed=proj.data.seed, ratios=proj.data.ratios,
                                   points=points)
    try:
        return adapt_to_data(proj.replace(weights=None), settings)
    except PlaygroundError as e:  # (the points cannot be split with these ratios)
        raise PlaygroundError(f"{data}: {e}") from None


def _adapted_note(before: engine.Project, after: engine.Project, data: str) -> str | None:
    """What ``--data`` changed in the network, for a note on stderr (or None)."""
    out0, out1 = before.network.output, after.network.output
    if (out0, before.training.loss) == (out1, after.training.loss):
        return None
    task = after.data.points.task
    kind = {"regression": "regression targets",
            "binary": "2 classes"}.get(task, f"{after.data.points.n_classes} classes")
    return (f"{data} has {kind}: the output layer is now {out1.units} {out1.activation} "
            f"unit{'s' if out1.units > 1 else ''}, the loss {after.training.loss}")


def _reseed(d: engine.DataSettings, seed: int) -> engine.DataSettings:
    return engine.DataSettings(d.name, d.n, d.noise, seed, d.ratios, d.points)


JIT_FROM_STEPS = 20_000  # a run this long pays for loading the kernels (~0.3-1 s)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


def make_trainer(proj: engine.Project, jit: bool | None = None,
                 quiet: bool = False) -> engine.Trainer:
    """The trainer of ``proj``; on the compiled path if ``jit`` (None: if the run is long
    enough for the kernels' loading to pay, and they load)."""
    split = proj.data.build_split()
    trainer = engine.Trainer(proj.network, split, proj.training)
    if proj.weights is not None:
        trainer.network.set_weights(proj.weights)
    if jit is None:
        jit = proj.training.epochs * trainer.steps_per_epoch >= JIT_FROM_STEPS
    if jit and fastpath.load():
        trainer.use_compiled()
    elif jit and fastpath.why_not() and not quiet:
        print(f"playground: note: {fastpath.why_not()}; training on the NumPy path",
              file=sys.stderr)
    return trainer


class _Progress:
    """A progress bar on stderr, drawn only for runs longer than half a second."""

    def __init__(self, total: int, shown: bool = True):
        self.total = total
        self.shown = shown
        self.t0 = time.perf_counter()
        self.last = 0.0
        self.drawn = False

    def __call__(self, tr: engine.Trainer):
        now = time.perf_counter()
        if not self.shown or now - self.t0 < 0.5 or now - self.last < 0.1:
            return
        self.last = now
        frac = min(1.0, tr.epoch / self.total)
        bar = "#" * int(30 * frac)
        loss = tr.history["loss"][-1] if tr.history["loss"] else float("nan")
        sys.stderr.write(f"\r[{bar:<30}] epoch {tr.epoch}/{self.total}  loss {loss:.4f}")
        sys.stderr.flush()
        self.drawn = True

    def close(self):
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


def cmd_train(argv: list[str]) -> int:
    a = _train_parser().parse_args(argv)
    proj = load_project(a.file, a.preset, a.seed)
    if a.data:
        before, proj = proj, with_csv(proj, a.data)
        note = _adapted_note(before, proj, a.data)
        if note and not a.quiet:
            print(f"playground: note: {note}", file=sys.stderr)
    if a.epochs is not None:
        proj = proj.replace(training=proj.training.replace(epochs=a.epochs))
    if a.plot:
        from .handout import check_path

        check_path(a.plot)
    try:
        trainer = make_trainer(proj, a.jit, quiet=a.quiet)
    except PlaygroundError as e:
        if a.data:  # the points do not fit the network (classes, task): say which file
            raise PlaygroundError(f"{a.data}: {e}") from None
        raise
    # a bar of carriage-return frames is for a terminal, not for a log file
    progress = _Progress(proj.training.epochs, shown=not a.quiet and _is_terminal(sys.stderr))
    t0 = time.perf_counter()
    # Ctrl+C stops the training between two steps (the progress bar ends its line
    # first); anywhere else, while NumPy loads or numba compiles, it exits at once.
    interrupts.raise_on_signals()
    try:
        summary = trainer.run(progress=progress)
    finally:
        interrupts.exit_on_signals()
        progress.close()
    summary["seconds"] = round(time.perf_counter() - t0, 4)
    summary["path"] = "jit" if trainer.compiled else "reference"
    if a.plot:
        from .handout import plot_run

        plot_run(proj, trainer, a.plot)
        if not a.quiet and not a.json:
            print(f"playground: drew the run to {a.plot}", file=sys.stderr)
    if a.save:
        trained = trained_project(proj, trainer)
        try:
            engine.project.save(trained, a.save)
        except OSError as e:
            raise PlaygroundError(f"{a.save}: cannot write it ({e.strerror or e})") from None
        if not a.quiet and not a.json:
            print(f"playground: saved the trained project to {a.save}", file=sys.stderr)
    if a.json:
        print(json.dumps(summary))
    else:
        _print_summary(proj, summary)
    return 0


def trained_project(proj: engine.Project, trainer: engine.Trainer) -> engine.Project:
    """``proj`` with the weights ``trainer`` ended with (early stopping: the best ones)."""
    return proj.replace(weights=tuple(trainer.network.get_weights()))


def cmd_export(argv: list[str]) -> int:
    from . import modelexport

    a = _export_parser().parse_args(argv)
    targets = [(fmt, getattr(a, fmt)) for fmt in modelexport.FORMATS if getattr(a, fmt)]
    if not targets:
        raise UsageError("playground export: say what to write: --onnx, --torch or --keras "
                         "(see --help)")
    if a.onnx:  # before any training: what is missing is said at once
        modelexport.check_onnx()
    for _, path in targets:  # before any training: a bad folder is said at once
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise PlaygroundError(f"{path}: there is no folder {folder}")
    proj = load_project(a.file, a.preset, a.seed)
    if proj.weights is None:
        if not a.quiet:
            print(f"playground: {proj.title or 'the project'} has no weights yet: training "
                  f"it first ({proj.training.epochs} epochs at most)", file=sys.stderr)
        trainer = make_trainer(proj, quiet=a.quiet)
        interrupts.raise_on_signals()
        try:
            trainer.run()
        finally:
            interrupts.exit_on_signals()
        proj = trained_project(proj, trainer)
    for fmt, path in targets:
        written = modelexport.export(proj, fmt, path)
        if not a.quiet:
            print(f"wrote {written}")
    return 0


def _print_summary(proj: engine.Project, s: dict) -> None:
    def pct(v):
        return "-" if v is None else f"{100 * v:.1f}%"

    def num(v):
        return "-" if v is None else f"{v:.4f}"

    print(
        f"{proj.title or 'project'}: {s['epochs']} epochs, {s['steps']} steps "
        f"({s['batch_mode']}), {s['seconds']:.2f} s"
    )
    if s["stopped_early"] and s.get("restored"):
        print(f"  (the figures of epoch {s['best_epoch']}'s weights, restored by early "
              f"stopping)")
    print(
        f"  loss      train {num(s['train_loss'])}  val {num(s['val_loss'])}  "
        f"test {num(s['test_loss'])}"
    )
    if s["train_accuracy"] is not None:
        print(
            f"  accuracy  train {pct(s['train_accuracy'])}  val {pct(s['val_accuracy'])}  "
            f"test {pct(s['test_accuracy'])}"
        )
    print(f"  stopped: {s['stop_reason']}")


def cmd_bench(argv: list[str]) -> int:
    from .bench import run_bench

    a = _bench_parser().parse_args(argv)
    if not 0.05 <= a.seconds <= 600:
        raise UsageError("playground bench: --seconds must be between 0.05 and 600")
    figures = run_bench(a.seconds, verbose=not a.json, jit=not a.reference)
    if a.json:
        print(json.dumps(figures))
    return 0


def cmd_gui(argv: list[str], errors_in_window: bool = False) -> int:
    """Open the window.  ``errors_in_window`` (the desktop launcher, where no one reads
    stderr): a file that does not open is shown in the window, on the default lesson."""
    a = _gui_parser().parse_args(argv)
    if a.list_presets:
        width = max(len(n) for n in presets.NAMES)
        for p in presets.PRESETS.values():
            print(f"{p.name:<{width}}  {p.summary}")
        return 0
    if a.quit_after is not None and not 0 < a.quit_after <= 86400:
        raise UsageError("playground: --quit-after must be a number of seconds > 0")
    size = None
    if a.size:
        try:
            w, h = (int(v) for v in a.size.lower().split("x"))
            if not (200 <= w <= 10000 and 200 <= h <= 10000):
                raise ValueError
            size = (w, h)
        except ValueError:
            msg = f"playground: --size must look like 1280x800, got {a.size!r}"
            raise UsageError(msg) from None
    error = None
    try:
        proj = load_project(a.file, a.preset, a.seed)
    except PlaygroundError as e:
        if not errors_in_window:
            raise
        error, a.file = f"{e}", None
        proj = load_project(None, None, a.seed)
    if a.speed is not None:
        if a.speed == "max":
            proj = proj.replace(speed=0)
        elif a.speed.isdigit() and 1 <= int(a.speed) <= 100_000:
            proj = proj.replace(speed=int(a.speed))
        else:
            raise UsageError(f"playground: --speed must be 1..100000 or max, got {a.speed!r}")
    no_display = _no_display()
    if no_display:
        raise UsageError(no_display)
    from .app import run_app  # (until the window is up, a signal exits at once)

    return run_app(
        proj,
        file=a.file,
        autoplay=a.autoplay,
        quit_after=a.quit_after,
        screenshot=a.screenshot,
        stats=a.stats,
        size=size,
        jit=a.jit,
        error=error,
        theme_choice=a.theme,
        remembered_speed=not (a.file or a.preset or a.speed),
        lang=a.lang,
    )


def _no_display() -> str | None:
    """Why no window can open here (a Linux session without a display: Qt would abort
    with a core dump), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("playground: no display to open the window on (DISPLAY is not set); "
            "'playground train' runs without one, QT_QPA_PLATFORM=offscreen draws off screen")


def _install_parser() -> _Parser:
    p = _Parser(prog="playground install-desktop",
                description="Add the playground to this Linux desktop's applications menu "
                            "(a .desktop file and the icon, for this user only).")
    p.add_argument("--uninstall", action="store_true", help="remove them again")
    return p


def cmd_install_desktop(argv: list[str]) -> int:
    from . import desktop

    a = _install_parser().parse_args(argv)
    if not sys.platform.startswith("linux"):
        raise UsageError("playground install-desktop: for Linux desktops; on Windows and macOS "
                         "start 'playground-gui' (or make a shortcut to it)")
    try:
        written = desktop.uninstall() if a.uninstall else desktop.install()
    except OSError as e:
        raise UsageError(f"playground install-desktop: cannot write {e.filename}: "
                         f"{e.strerror or e}") from None
    verb = "removed" if a.uninstall else "wrote"
    for path in written:
        print(f"{verb} {path}")
    return 0


def _dispatch(argv: list[str], errors_in_window: bool = False) -> int:
    if argv and argv[0] == "train":
        return cmd_train(argv[1:])
    if argv and argv[0] == "bench":
        return cmd_bench(argv[1:])
    if argv and argv[0] == "export":
        return cmd_export(argv[1:])
    if argv and argv[0] == "install-desktop":
        return cmd_install_desktop(argv[1:])
    return cmd_gui(argv, errors_in_window)


def main(argv: list[str], errors_in_window: bool = False) -> int:
    _reconfigure_output()
    try:
        code = _dispatch(argv, errors_in_window)
        if sys.stdout is not None:  # (None under a GUI launcher on Windows)
            sys.stdout.flush()  # a closed pipe shows here, not as a traceback at exit
        return code
    except BrokenPipeError:
        # the reader went away (``playground --list-presets | head -1``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except UsageError as e:
        print(str(e), file=sys.stderr)
        return 2
    except PlaygroundError as e:
        print(f"playground: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # (and interrupts.Terminated)
        return _interrupted()


def _interrupted() -> int:
    signum = interrupts.received[-1] if interrupts.received else signal.SIGINT
    print(interrupts.LINES[signum], file=sys.stderr)
    return interrupts.exit_code(signum)


def _reconfigure_output() -> None:
    """A terminal or pipe that cannot show a character (Korean titles under an
    ASCII locale) gets an escape, not a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # not a text file we may reconfigure
            pass
