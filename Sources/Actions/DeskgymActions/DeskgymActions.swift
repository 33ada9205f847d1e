// DeskgymActions: under construction
