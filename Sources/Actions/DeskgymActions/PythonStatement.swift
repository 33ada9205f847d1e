/// One statement of the Python subset that does something.
enum PythonStatement {
    /// A call of a pyautogui function, by any alias.
    case pyautogui(PythonCall)
    /// `time.sleep(seconds)`, by any alias of `time`.
    case sleep(PythonCall)
    /// `terminal.run(command, timeout=seconds)`: a shell command in the session (Deskgym's
    /// extension; `terminal` needs no import, as pyautogui and time need none in OSWorld).
    case terminal(PythonCall)
    /// `WAIT`, `DONE` or `FAIL` as a statement of its own.
    case bareWord(BareWord, Range<Int>)
}
