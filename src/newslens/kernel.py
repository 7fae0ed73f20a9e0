"""What the kernel of a report's notebook sets up when it starts (see :mod:`newslens.report`).

Kept apart from the report builder, so a kernel imports only matplotlib and IPython for it.
"""

from __future__ import annotations


def prepare() -> None:
    """Every figure a notebook shows comes out as PNG and SVG (text kept as text, so the SVG is
    small and editable), its plain text naming its title, for :func:`newslens.report.save_charts`.
    The plots themselves stay pure: they return a Figure and save nothing."""
    import matplotlib
    import matplotlib.pyplot
    from IPython import get_ipython
    from matplotlib.figure import Figure
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    matplotlib.rcParams["svg.fonttype"] = "none"
    set_matplotlib_formats("png", "svg")
    get_ipython().display_formatter.formatters["text/plain"].for_type(
        Figure, lambda fig, printer, cycle: printer.text(f"Figure: {figure_title(fig)}")
    )


def figure_title(fig) -> str:
    """A figure's title: its suptitle, else its first axes' title, else "chart"."""
    return fig.get_suptitle() or (fig.axes[0].get_title() if fig.axes else "") or "chart"
