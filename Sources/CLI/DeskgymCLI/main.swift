print("deskgym")
