# Deskgym session profile: a predictable shell for agents and checkers.
export LANG="${LANG:-C.UTF-8}"
export PS1='$ '
