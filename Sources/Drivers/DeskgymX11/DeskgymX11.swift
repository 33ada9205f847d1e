// DeskgymX11: under construction
