/// The seed inputs `deskgym fuzz` mutates, per parser: valid answers, task files, vm-configs and
/// request bodies like those in the tests, `tasks/` and `vm-configs/`, and the words each language
/// knows.
enum FuzzCorpus {
    // MARK: Action grammars

    static let grammars: [String: [String]] = [
        "pyautogui": [
            "pyautogui.click(100, 200)",
            "pyautogui.click(x=960, y=540, clicks=2, button='right')",
            "pyautogui.write('hello world\\n')",
            "pyautogui.typewrite(\"it's\", interval=0.1)",
            "pyautogui.hotkey('ctrl', 'shift', 't')",
            "pyautogui.press(['tab', 'tab', 'enter'], presses=2)",
            "pyautogui.scroll(-5, x=100, y=100)",
            "pyautogui.moveTo(10, 20, duration=0.5)\npyautogui.dragTo(300, 400, button='left')",
            "import pyautogui\nimport time\npyautogui.keyDown('shift')\ntime.sleep(0.5)\npyautogui.keyUp('shift')",
            "```python\npyautogui.press('f5')\nDONE\n```",
            "The task is finished.\n```DONE```",
            "WAIT", "FAIL", "DONE",
            "pyautogui.click(*(100, 200)); pyautogui.write(u'caf\\u00e9', interval=0)",
            "pyautogui.mouseDown(button='middle'); pyautogui.mouseUp()",
            "x, y = 100, 200\npyautogui.click(x, y)",
            "pyautogui.click((((100, 200))))",
            "import time as t\nt.sleep(3)",
        ],
        "computer_13": [
            #"{"action_type": "MOVE_TO", "parameters": {"x": 10, "y": 20}}"#,
            #"{"action_type": "CLICK", "parameters": {"button": "left", "x": 10, "y": 20, "num_clicks": 2}}"#,
            #"{"action_type": "RIGHT_CLICK", "parameters": {}}"#,
            #"{"action_type": "TYPING", "parameters": {"text": "héllo \"wörld\"\n"}}"#,
            #"{"action_type": "HOTKEY", "parameters": {"keys": ["ctrl", "c"]}}"#,
            #"{"action_type": "PRESS", "parameters": {"key": "enter"}}"#,
            #"{"action_type": "SCROLL", "parameters": {"dx": 0, "dy": -3}}"#,
            #"{"action_type": "DRAG_TO", "parameters": {"x": 300, "y": 400}}"#,
            #"{"action_type": "MOUSE_DOWN", "parameters": {"button": "middle"}}"#,
            "```json\n[{\"action_type\": \"KEY_DOWN\", \"parameters\": {\"key\": \"shift\"}}, \"WAIT\"]\n```",
            "The task is complete.\nDONE",
        ],
        "uitars": [
            "Action: click(start_box='(476,266)')",
            "Thought: I open the menu.\nAction: left_double(start_box='<|box_start|>(100,200)<|box_end|>')",
            "Action: drag(start_box='(10,20)', end_box='(300,400)')",
            "Action: type(content='It\\'s Bob\\'s file\\n')",
            "Action_Summary: Save with Ctrl+S.\nAction: hotkey(key='ctrl s')",
            "Action: scroll(start_box='(500,500)', direction='down')",
            "Action: wait()\n\nAction: call_user()",
            "Thought: Done.\nAction:\n```python\nfinished(content='done')\n```",
            "Action: right_single(start_box='[100, 200, 110, 210]')",
            "Action: run_command(command='sleep 1', timeout=90)",
            "Action: press(key='enter')",
        ],
        "qwen_computer_use": [
            "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [812, 605]}}\n</tool_call>",
            "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"type\", \"text\": \"hello\"}}\n</tool_call>",
            "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"key\", \"keys\": [\"ctrl\", \"s\"]}}\n</tool_call>",
            "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"scroll\", \"pixels\": -300}}\n</tool_call>",
            "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click_drag\", \"coordinate\": [10, 20]}}\n</tool_call>",
            "I will click.\n```json\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"wait\", \"time\": 1}}\n```",
            "<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"terminate\", \"status\": \"success\"}}</tool_call>",
        ],
        "anthropic_computer": [
            #"{"action": "left_click", "coordinate": [1919, 1079]}"#,
            #"{"action": "key", "text": "ctrl+shift+t"}"#,
            #"{"action": "type", "text": "héllo \"wörld\"\n"}"#,
            #"{"action": "hold_key", "text": "shift", "duration": 1.5}"#,
            #"{"action": "scroll", "coordinate": [10, 20], "scroll_direction": "down", "scroll_amount": 3}"#,
            #"{"action": "left_click_drag", "start_coordinate": [1, 2], "coordinate": [30, 40]}"#,
            #"{"type": "tool_use", "id": "toolu_01", "name": "computer", "input": {"action": "double_click", "coordinate": [10, 20]}}"#,
            #"{"type": "tool_use", "id": "toolu_02", "name": "bash", "input": {"command": "ls -la"}}"#,
            #"[{"action": "mouse_move", "coordinate": [5, 6]}, {"action": "wait", "duration": 1}]"#,
        ],
        "openai_computer_use": [
            #"{"type": "click", "button": "left", "x": 10, "y": 20}"#,
            #"{"type": "double_click", "x": 10, "y": 20}"#,
            #"{"type": "computer_call", "id": "cu_1", "call_id": "call_1", "action": {"type": "double_click", "x": 10, "y": 20}, "pending_safety_checks": [], "status": "completed"}"#,
            #"{"type": "type", "text": "hello"}"#,
            #"{"type": "keypress", "keys": ["CTRL", "L"]}"#,
            #"{"type": "scroll", "x": 100, "y": 100, "scroll_x": 0, "scroll_y": -200}"#,
            #"{"type": "drag", "path": [{"x": 1, "y": 2}, {"x": 30, "y": 40}]}"#,
            #"{"type": "move", "x": 5, "y": 6}"#,
            #"{"type": "wait"}"#,
            #"{"type": "local_shell_call", "action": {"type": "exec", "command": ["ls", "-l"], "timeout_ms": 1000}}"#,
        ],
    ]

    /// Where generated values go, per grammar (`§`: a generated value).
    static let frames: [String: [String]] = [
        "pyautogui": ["§", "pyautogui.§", "```python\npyautogui.§\n```", "import pyautogui\npyautogui.§\npyautogui.§", "§; §"],
        "computer_13": ["§", "```json\n§\n```", "[§, §]", "I will act.\n§\nDONE"],
        "uitars": ["Action: §", "Thought: x\nAction: §", "```\n§\n```", "Action: §\n\nAction: §"],
        "qwen_computer_use": [
            "<tool_call>\n§\n</tool_call>", "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": §}\n</tool_call>",
            "```json\n§\n```", "§",
        ],
        "anthropic_computer": ["§", "[§, §]", "{\"type\": \"tool_use\", \"id\": \"t\", \"name\": \"computer\", \"input\": §}"],
        "openai_computer_use": ["§", "[§, §]", "{\"type\": \"computer_call\", \"call_id\": \"c\", \"action\": §}"],
    ]

    static let keys = ["enter", "ctrl", "shift", "alt", "tab", "f5", "Return", "super", "a", "win", "cmd", "pageup"]

    static let grammarWords: [String: [String]] = [
        "pyautogui": [
            "click", "doubleClick", "rightClick", "moveTo", "dragTo", "write", "typewrite", "press", "hotkey",
            "scroll", "hscroll", "keyDown", "keyUp", "mouseDown", "mouseUp", "sleep", "time.sleep", "x", "y",
            "clicks", "button", "interval", "presses", "duration", "left", "right", "middle", "DONE", "WAIT", "FAIL",
        ] + keys,
        "computer_13": [
            "action_type", "parameters", "MOVE_TO", "CLICK", "MOUSE_DOWN", "MOUSE_UP", "RIGHT_CLICK", "DOUBLE_CLICK",
            "DRAG_TO", "SCROLL", "TYPING", "PRESS", "KEY_DOWN", "KEY_UP", "HOTKEY", "WAIT", "DONE", "FAIL", "x", "y",
            "button", "num_clicks", "dx", "dy", "text", "key", "keys",
        ] + keys,
        "uitars": [
            "click", "left_double", "right_single", "drag", "hotkey", "type", "scroll", "wait", "finished", "call_user",
            "press", "run_command", "start_box", "end_box", "content", "key", "direction", "command", "timeout", "up",
            "down", "<|box_start|>", "<|box_end|>", "(100,200)",
        ] + keys,
        "qwen_computer_use": [
            "name", "arguments", "computer_use", "action", "left_click", "right_click", "double_click", "mouse_move",
            "left_click_drag", "type", "key", "keys", "scroll", "pixels", "wait", "time", "terminate", "status",
            "coordinate", "text", "success",
        ] + keys,
        "anthropic_computer": [
            "action", "type", "tool_use", "name", "computer", "input", "bash", "command", "left_click", "right_click",
            "double_click", "mouse_move", "left_click_drag", "key", "hold_key", "type", "text", "scroll", "coordinate",
            "start_coordinate", "scroll_direction", "scroll_amount", "duration", "wait", "screenshot",
        ] + keys,
        "openai_computer_use": [
            "type", "click", "double_click", "move", "drag", "path", "keypress", "keys", "scroll", "scroll_x",
            "scroll_y", "wait", "screenshot", "computer_call", "call_id", "action", "x", "y", "button",
            "local_shell_call", "exec", "command", "timeout_ms", "text",
        ] + keys,
    ]

    // MARK: Task files

    static let tasks = [
        #"""
        {
          "id": "change-battery-threshold",
          "snapshot": "terminal",
          "instruction": "Set the laptop battery to stop charging at 80 percent.",
          "source": "deskgym",
          "config": [],
          "related_apps": ["terminal"],
          "evaluator": {"func": "infeasible"},
          "deskgym": {
            "reference_solution": {"grammar": "pyautogui", "actions": ["FAIL"]}
          }
        }
        """#,
        #"""
        {
          "id": "make-nested-folder",
          "snapshot": "terminal",
          "instruction": "Create the folder projects/2026/reports inside my home folder.",
          "source": "deskgym",
          "config": [
            {"type": "activate_window", "parameters": {"window_name": "Terminal", "strict": true}}
          ],
          "related_apps": ["terminal"],
          "evaluator": {
            "func": "exact_match",
            "result": {"type": "vm_command_line", "command": "test -d /home/user/projects/2026/reports && echo present", "shell": true},
            "expected": {"type": "rule", "rules": {"expected": "present\n"}}
          },
          "deskgym": {
            "reference_solution": {
              "grammar": "computer_13",
              "actions": [{"action_type": "TYPING", "parameters": {"text": "mkdir -p ~/projects/2026/reports\n"}}, "DONE"]
            }
          }
        }
        """#,
        #"""
        {
          "id": "bookmark-about-page",
          "snapshot": "chrome",
          "instruction": "Bookmark this page in the bookmarks bar.",
          "config": [
            {"type": "chrome_open_tabs", "parameters": {"urls_to_open": ["{PAGES_URL}/about.html"]}},
            {"type": "launch", "parameters": {"command": ["chromium", "--no-sandbox"]}},
            {"type": "sleep", "parameters": {"seconds": 1.5}}
          ],
          "evaluator": {
            "postconfig": [{"type": "execute", "parameters": {"command": "sleep 1", "shell": true}}],
            "func": ["is_expected_bookmarks", "compare_table"],
            "conj": "or",
            "result": [{"type": "bookmarks"}, {"type": "vm_file", "path": "/home/user/a.xlsx", "dest": "a.xlsx"}],
            "expected": [{"type": "rule", "rules": {"type": "bookmark_bar_websites_urls", "urls": ["{PAGES_URL}/about.html"]}},
              {"type": "cloud_file", "path": "https://example.com/b.xlsx", "dest": "b.xlsx"}],
            "options": [{}, {"rules": [{"type": "sheet_data", "sheet_idx0": 0, "sheet_idx1": "EI0"}]}]
          },
          "deskgym": {"vm_config": "browser", "pages": "pages/shop",
            "reference_solution": {"grammar": "pyautogui", "actions": ["pyautogui.hotkey('ctrl', 'd')", "DONE"]}}
        }
        """#,
    ]

    static let taskWords = [
        "id", "snapshot", "instruction", "source", "config", "related_apps", "evaluator", "func", "result", "expected",
        "options", "conj", "postconfig", "type", "parameters", "rules", "deskgym", "reference_solution", "grammar",
        "actions", "vm_config", "pages", "execute", "launch", "command", "shell", "activate_window", "window_name",
        "vm_file", "path", "dest", "cloud_file", "rule", "exact_match", "infeasible", "compare_table", "open", "sleep",
        "seconds", "download", "files", "url", "pyautogui", "computer_13", "DONE", "FAIL", "or", "and",
    ]

    // MARK: vm-configs

    static let vmConfigs = [
        """
        kind: xvfb
        name: default
        screen: {width: 1920, height: 1080, depth: 24}
        glx: false
        window_manager: openbox
        window_manager_args: []
        apps:
          - command: xterm
            args: [-title, Terminal]
            name: terminal
            wait_for_window: Terminal
        home_template: home/default
        env:
          LANG: C.UTF-8
        xvfb_args: []
        settle: {quiet_ms: 40, max_ms: 2000}
        """,
        """
        kind: vnc
        name: vnc-example
        screen: 1920x1080            # the server's framebuffer size
        vnc:
          host: 127.0.0.1
          port: 5905
          password: secret
          display: ":5"
          commands: local
          connect_timeout_ms: 10000
        settle: {quiet_ms: 120, max_ms: 3000}
        """,
        """
        kind: qemu
        name: qemu-example
        screen: 1920x1080
        qemu:
          image: /var/lib/deskgym/Ubuntu.qcow2
          memory_mb: 4096
          cpus: 2
          accel: auto
          guest_agent: true
          guest_home: /home/user
          guest_display: ":0"
          boot_timeout_ms: 300000
          args: []
        settle: {quiet_ms: 150, max_ms: 3000}
        """,
        """
        kind: xvfb
        screen: 800x600x16
        sandbox: namespaces
        apps:
          - {command: mousepad, args: ["--disable-server", "a b"], wait_for_window: Mousepad}
          - command: &cmd xterm
            args: &args [-e, 'sh -c "sleep 1"']
          - {command: *cmd, args: *args}
        env:
          A: "1"
          B: '2'
          C: |
            multi
            line
        """,
    ]

    static let vmConfigWords = [
        "kind", "name", "screen", "glx", "window_manager", "window_manager_args", "apps", "home_template", "env",
        "xvfb_args", "sandbox", "settle", "vnc", "qemu", "xvfb", "command", "args", "wait_for_window", "width", "height",
        "depth", "quiet_ms", "max_ms", "host", "port", "password", "display", "xauthority", "commands", "home",
        "guest_agent", "connect_timeout_ms", "image", "format", "binary", "memory_mb", "cpus", "accel", "guest_home",
        "guest_display", "boot_timeout_ms", "openbox", "local", "none", "true", "false", "~", "null", "1920x1080",
        "namespaces", "idle_ms", "idle_max_ms", "password_file", "!!str", "!!int", "!!binary", "!!map", "&a", "*a", "<<",
    ]

    // MARK: Request bodies and JSON

    static let requestBodies = [
        #"{"action": "pyautogui.click(100, 200)"}"#,
        #"{"action": "pyautogui.write('hi')", "grammar": "pyautogui", "image": "none", "model_ms": 1200, "extra": {"tokens": [1, 2, 3]}}"#,
        #"{"actions": [{"action_type": "CLICK", "parameters": {"x": 10, "y": 20}}, "WAIT", "DONE"]}"#,
        #"{"steps": [{"session_id": "s1", "action": "DONE"}, {"session_id": "s2", "actions": ["FAIL"]}]}"#,
        #"{"task": "os/append-to-log", "vm_config": "default", "grammar": "computer_13", "lease_seconds": 600, "image": "url", "screen": {"width": 1280, "height": 720}, "observation_size": {"width": 640, "height": 360}}"#,
        #"{"task": {"id": "t", "instruction": "Do it.", "config": [{"type": "execute", "parameters": {"command": "true"}}], "evaluator": {"func": "infeasible"}}}"#,
        #"{"command": "ls -la /tmp", "timeout_seconds": 5}"#,
        "{}", "", "  \n",
    ]

    static let requestWords = [
        "action", "actions", "grammar", "image", "extra", "model_ms", "steps", "session_id", "task", "vm_config",
        "lease_seconds", "screen", "observation_size", "width", "height", "command", "timeout_seconds", "base64",
        "url", "none", "pyautogui", "computer_13", "uitars", "action_type", "parameters", "CLICK", "WAIT", "DONE",
        "FAIL", "id", "instruction", "config", "evaluator", "func", "infeasible",
    ]

    static let json = [
        #"[1, -0, 0.5e-3, 1E+400, -1e-400, 12345678901234567890, "\u00e9\ud83d\ude00\ud800", true, false, null]"#,
        #"{"a": {"b": [[], {}, [[[]]]], "a": "dup"}, "\u0000": "\"\\\/\b\f\n\r\t"}"#,
        "\u{FEFF}{\"bom\": 1}",
    ]
}
