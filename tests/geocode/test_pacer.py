"""The pacer keeps calls at least a minimum delay apart, on a clock tests control."""

import threading
import time

import pytest

from geo.geocode.pacer import Pacer
from tests.geocode.online_support import FakeTime


def test_the_first_call_goes_at_once_and_the_next_waits_out_the_delay():
    t = FakeTime()
    pacer = Pacer(1.0, sleep=t.sleep, clock=t.clock)
    pacer.wait()
    assert t.sleeps == []
    t.now += 0.25  # the call took a quarter of a second
    pacer.wait()
    assert t.sleeps == [pytest.approx(0.75)]


def test_a_call_after_the_delay_has_passed_does_not_wait():
    t = FakeTime()
    pacer = Pacer(1.0, sleep=t.sleep, clock=t.clock)
    pacer.wait()
    t.now += 1.0
    pacer.wait()
    t.now += 3.0
    pacer.wait()
    assert t.sleeps == []


def test_no_delay_never_sleeps():
    t = FakeTime()
    pacer = Pacer(0.0, sleep=t.sleep, clock=t.clock)
    for _ in range(5):
        pacer.wait()
    assert t.sleeps == []


def test_a_slot_taken_during_the_sleep_is_waited_for_again():
    t = FakeTime()
    pacer = Pacer(1.0, sleep=t.sleep, clock=t.clock)
    pacer.wait()
    taken = []

    def sleep_while_another_caller_goes_first(seconds):
        t.sleep(seconds)
        if not taken:  # another thread wakes first and takes the slot
            taken.append(True)
            pacer.wait()

    pacer._sleep = sleep_while_another_caller_goes_first
    pacer.wait()
    assert t.sleeps == [1.0, 1.0]


def test_threads_share_the_pace():
    pacer = Pacer(0.05)
    starts: list[float] = []
    lock = threading.Lock()

    def call():
        pacer.wait()
        with lock:
            starts.append(time.monotonic())

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert len(gaps) == 3 and all(gap >= 0.04 for gap in gaps)
