"""Random sequences (seeded, bounded) of what a worker does in two tabs of
我的年度计划: add and remove activities, type a 责任人 or 社区基本情况 while the
other tab acts, switch profile, import a file. After every step, no typed
text is lost or moved: each text is on the activity and in the profile it was
typed for (or gone with an activity the other tab removed), and both tabs show
what is stored."""

import json
import os
import random
import time

import pytest

from conftest import tabs_of
from helpers import MY_PLAN, open_panel

pytestmark = pytest.mark.browser
# 6 sequences in make test (about 35 s of one test process; 10 took a fifth
# of the suite's browser time); TPL_RANDOM_SEQUENCES=30 for a longer run,
# e.g. after a change to state.js, profiles.js or my-plan.js.
SEQUENCES = int(os.environ.get("TPL_RANDOM_SEQUENCES", "6"))
STEPS = 15
INTERLEAVED = ["add", "remove", "switch", "import"]  # what the other tab does while one types

# Everything stored, read raw from localStorage (not through a cache of the page).
READ = """() => {
    const parse = k => JSON.parse(localStorage.getItem(k));
    const profiles = {}, leads = {}, texts = {};
    let active = localStorage.getItem('tpl-active') === null ? null : parse('tpl-active');
    for (const k of Object.keys(localStorage)) {
        let m;
        if ((m = k.match(/^tpl-p:(.+)$/))) profiles[m[1]] = parse(k).name;
        else if ((m = k.match(/^tpl-c:([^:]+):(.+)$/))) leads[m[1] + '/' + m[2]] = parse(k).lead;
        else if ((m = k.match(/^tpl-i:([^:]+):community_profile$/))) texts[m[1]] = parse(k);
    }
    if (!Object.keys(profiles).length) profiles.main = '我的社区';
    if (active === null || !(active in profiles)) active = Object.keys(profiles).sort((a, b) => profiles[a].localeCompare(profiles[b], 'zh-CN'))[0];
    return {active, profiles, leads, texts};
}"""


class Run:
    def __init__(self, tabs, rng, tmp_path, base_url):
        self.tabs, self.rng, self.tmp_path, self.base_url = tabs, rng, tmp_path, base_url
        self.leads = {}  # "profile/key" -> the 责任人 typed there
        self.texts = {}  # profile -> the 社区基本情况 typed or imported there
        self.count = 0
        self.log = []

    def token(self, mark):
        self.count += 1
        return f"{mark}{self.count}号"

    def state(self, tab=None):
        """What is stored, as `tab` sees it (another tab's write reaches it a moment later)."""
        return (tab or self.tabs[0]).evaluate(READ)

    def toast(self, tab, text):
        tab.wait_for_selector(f"#tpl-toast.tpl-toast--shown:has-text('{text}')")
        self.hide_toasts()

    def hide_toasts(self):
        """A toast read is dismissed: one with 撤销导入 in it would stand over the buttons below it."""
        for tab in self.tabs:
            tab.evaluate("(document.getElementById('tpl-toast') || document.body).classList.remove('tpl-toast--shown')")

    # --- what a worker does ---

    def add(self, tab):
        tab.bring_to_front()  # a person acts in the tab they look at (and Chromium draws only that one)
        options = tab.locator("#tpl-add-activity option").all()
        option = options[self.rng.randrange(1, len(options))]
        tab.select_option("#tpl-add-activity", value=option.get_attribute("value"))
        tab.select_option("#tpl-add-month", value=str(self.rng.randint(1, 12)))
        tab.get_by_role("button", name="添加", exact=True).click()
        tab.wait_for_selector("#tpl-toast.tpl-toast--shown:is(:has-text('加入年度计划'), :has-text('已在这个月的计划中'))")
        self.hide_toasts()

    def remove(self, tab, avoid=None):
        tab.bring_to_front()  # a person acts in the tab they look at (and Chromium draws only that one)
        keys = [k for k in tab.eval_on_selector_all(".tpl-choice", "rows => rows.map(r => r.dataset.key)") if k != avoid]
        if not keys:
            return None
        key = self.rng.choice(keys)
        tab.click(f"#tpl-choice-{key}-remove")
        self.toast(tab, "已从年度计划中移除")
        return key

    def switch(self, tab):
        tab.bring_to_front()  # a person acts in the tab they look at (and Chromium draws only that one)
        open_panel(tab)
        names = [n for n in tab.locator("#tpl-profile-select option:not(:checked)").all_inner_texts()]
        if names:
            name = self.rng.choice(names)
            tab.get_by_label("当前档案").select_option(label=name)
            tab.wait_for_selector(f".tpl-profiles__message:has-text('已切换到档案“{name}”')")
        else:
            name = self.token("档案")
            tab.get_by_label("档案名称").fill(name)
            tab.get_by_role("button", name="新建档案").click()
            tab.wait_for_selector(f".tpl-profiles__message:has-text('已新建并切换到档案“{name}”')")
        tab.keyboard.press("Escape")
        self.hide_toasts()

    def import_(self, tab):
        tab.bring_to_front()  # a person acts in the tab they look at (and Chromium draws only that one)
        name, text = self.token("导入"), self.token("导入文本")
        path = self.tmp_path / f"{name}.json"
        path.write_text(
            json.dumps(
                {
                    "format": "tpl-community-plan",
                    "version": 1,
                    "profile": name,
                    "values": {},
                    "inputs": {"community_profile": text},
                    "choices": [{"id": "activities/neighbours-day", "title": "邻居节", "month": 5, "lead": "", "partners": ""}],
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        open_panel(tab)
        with tab.expect_file_chooser() as chooser:
            tab.get_by_role("button", name="从文件导入").click()
        chooser.value.set_files(str(path))
        tab.wait_for_selector(f".tpl-profiles__message:has-text('已导入档案“{name}”')")
        tab.keyboard.press("Escape")
        self.hide_toasts()
        self.texts[self.state(tab)["active"]] = text

    def other_action(self, tab, avoid=None):
        """What the other tab does meanwhile; returns (action, removed key)."""
        action = self.rng.choice(INTERLEAVED)
        self.log.append(f"  meanwhile {action}")
        if action == "add":
            self.add(tab)
        elif action == "remove":
            return action, self.remove(tab)
        elif action == "switch":
            self.switch(tab)
        else:
            self.import_(tab)
        return action, None

    def lead(self, tab, other):
        keys = tab.eval_on_selector_all(".tpl-choice", "rows => rows.map(r => r.dataset.key)")
        if not keys:
            return self.add(tab)
        key, profile = self.rng.choice(keys), self.state(tab)["active"]
        tab.bring_to_front()
        first, second = self.token("甲"), self.token("乙")
        field = tab.locator(f"#tpl-choice-{key}-lead")
        field.fill("")
        field.press_sequentially(first)
        action, removed = self.other_action(other) if self.rng.random() < 0.6 else (None, None)
        if action in ("switch", "import") or removed == key:
            tab.wait_for_function("key => !document.getElementById(`tpl-choice-${key}-lead`)", arg=key, polling=50)
        else:
            tab.bring_to_front()
            tab.keyboard.type(second)
        tab.keyboard.press("Tab")
        if removed == key:
            self.leads.pop(f"{profile}/{key}", None)
        else:
            self.leads[f"{profile}/{key}"] = first if action in ("switch", "import") else first + second
        self.wait_stored()

    def text(self, tab, other):
        profile = self.state(tab)["active"]
        tab.bring_to_front()
        first, second = self.token("丙"), self.token("丁")
        area = tab.get_by_label("社区基本情况")
        area.fill(first)
        action, _ = self.other_action(other) if self.rng.random() < 0.6 else (None, None)
        now = self.state(other)["active"]
        if now != profile:  # the box shows the other profile now: what is typed next is written there
            self.texts[profile] = first
            tab.wait_for_function("text => document.activeElement.value === text", arg=self.texts.get(now, ""), polling=50)
            self.texts[now] = self.texts.get(now, "") + second
        else:
            self.texts[profile] = first + second
        tab.bring_to_front()
        tab.keyboard.type(second)
        tab.keyboard.press("Tab")
        self.wait_stored()

    # --- checks ---

    def wait_stored(self):
        """Until what is stored is what was typed (the last save runs when the field is left)."""
        try:
            self.tabs[0].wait_for_function(
                """([leads, texts]) => {
                const s = (%s)();
                return Object.entries(leads).every(([k, v]) => !(k in s.leads) || s.leads[k] === v)
                    && Object.entries(texts).every(([k, v]) => !(k in s.profiles) || (s.texts[k] || '') === v);
            }"""
                % READ,
                arg=[self.leads, self.texts],
                polling=50,
            )
        except Exception as error:
            raise AssertionError((self.log, self.state(), self.leads, self.texts)) from error

    def settled_state(self):
        """What is stored, once both tabs read the same: a write reaches the
        other tab's localStorage a moment later (Chromium sends it between
        renderers), so a state read there at once may be one write behind."""
        deadline = time.monotonic() + 10
        while True:
            states = [tab.evaluate(READ) for tab in self.tabs]
            if states[0] == states[1]:
                return states[0]
            if time.monotonic() > deadline:
                raise AssertionError(("the two tabs' storage never agreed", self.log, states))
            time.sleep(0.05)

    def check(self):
        state = self.settled_state()
        marked = {k: v for k, v in state["leads"].items() if "甲" in v or "乙" in v}
        assert marked == {k: v for k, v in self.leads.items() if k in state["leads"]}, (self.log, marked, self.leads)
        for profile, text in self.texts.items():
            if profile in state["profiles"]:
                assert state["texts"].get(profile, "") == text, (self.log, profile, state["texts"], self.texts)
        # Both tabs show what is stored: the rows of the active profile and its text.
        rows = sorted(k.split("/", 1)[1] for k in state["leads"] if k.split("/", 1)[0] == state["active"])
        for tab in self.tabs:
            try:
                self.wait_shown(tab, rows, state)
            except Exception as error:
                shown = [
                    t.evaluate(
                        "[document.activeElement.id, document.getElementById('tpl-input-community_profile').value,"
                        " [...document.querySelectorAll('.tpl-choice')].map(r => r.dataset.key).sort()]"
                    )
                    for t in self.tabs
                ]
                raise AssertionError((self.log, state, rows, shown)) from error

    def wait_shown(self, tab, rows, state):
        tab.wait_for_function(
            """([rows, text]) =>
            JSON.stringify([...document.querySelectorAll('.tpl-choice')].map(r => r.dataset.key).sort()) === JSON.stringify(rows)
            && document.getElementById('tpl-input-community_profile').value === text""",
            arg=[rows, state["texts"].get(state["active"], "")],
            polling=50,
        )


@pytest.mark.parametrize("seed", range(SEQUENCES))
def test_random_steps_in_two_tabs_never_lose_or_move_typed_text(browser, base_url, tmp_path, seed):
    for tabs in tabs_of(browser, 2):
        for tab in tabs:
            tab.set_default_timeout(10000)
            tab.goto(base_url + MY_PLAN)
            tab.wait_for_selector("#tpl-add-activity:not([disabled])")
        run = Run(tabs, random.Random(seed), tmp_path, base_url)
        try:
            run.add(tabs[0])
            for _ in range(STEPS):
                index = run.rng.randrange(2)
                tab, other = tabs[index], tabs[1 - index]
                step = run.rng.choice(["add", "remove", "lead", "lead", "text", "text", "switch", "import"])
                run.log.append(f"tab {index}: {step}")
                if step in ("lead", "text"):
                    getattr(run, step)(tab, other)
                elif step == "import":
                    run.import_(tab)
                else:
                    getattr(run, step)(tab)
                run.check()
        except Exception as error:
            raise AssertionError(f"seed {seed}, after the steps {run.log}") from error
