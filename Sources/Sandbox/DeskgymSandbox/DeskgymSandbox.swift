// DeskgymSandbox: under construction
