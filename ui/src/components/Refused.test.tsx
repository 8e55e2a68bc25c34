import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Refused } from "./Refused";

describe("Refused", () => {
  it("lists each refused request with its rules and reason", () => {
    render(
      <Refused
        denied={[
          {
            request: "reship on order #W2015099",
            type: "reship",
            rules: ["R17"],
            explanation: "Delivered 41 days ago; a reship is only inside 30 days.",
          },
        ]}
      />,
    );
    const section = screen.getByRole("region", { name: "Not offered" });
    expect(within(section).getByText("reship on order #W2015099")).toBeInTheDocument();
    expect(within(section).getByText("R17")).toBeInTheDocument();
    expect(within(section).getByText(/only inside 30 days/)).toBeInTheDocument();
  });

  it("renders nothing when nothing was refused", () => {
    const { container } = render(<Refused denied={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
