import gc
import pytest
from PySide6.QtCore import QTimer, QObject
from tests.ui import test_welcome as w
from tests.ui.test_welcome import site, autostart  # noqa

REF = []

@pytest.mark.parametrize("i", range(5))
def test_one(i, qtbot, tmp_path, site, autostart, clock, quit_after):
    c = w.start_controller(qtbot, tmp_path, autostart, clock, quit_after)
    qtbot.addWidget(c.settings.welcome)
    c.settings.welcome.close()
    import weakref
    REF.append(weakref.ref(c))

def test_report(qtbot):
    gc.collect()
    print("\nALIVE", sum(r() is not None for r in REF))
    c = REF[0]()
    print("parent", c.parent())
    timers = [o for o in gc.get_objects() if isinstance(o, QTimer)]
    print("timers", len(timers), "active", [ (o.objectName(), o.interval(), o.parent().__class__.__name__) for o in timers if o.isActive()])
