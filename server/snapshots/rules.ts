import { roundCoord, type Point, type Shape } from "./annotation-contracts.ts";

const roundPoint = ([x, y]: Point): Point => [roundCoord(x), roundCoord(y)];

/**
 * The shape as stored and broadcast: coordinates rounded (1/10 000 of the image is finer than any
 * screen), which bounds the size of the largest committed message.
 */
export function normaliseShape(shape: Shape): Shape {
  switch (shape.kind) {
    case "rect": {
      // clipped to the image: one drawn past its edge (or pushed there by rounding) ends at the edge
      const x = roundCoord(shape.x);
      const y = roundCoord(shape.y);
      return { kind: "rect", x, y, w: Math.min(roundCoord(shape.w), roundCoord(1 - x)), h: Math.min(roundCoord(shape.h), roundCoord(1 - y)) };
    }
    case "arrow":
      return { kind: "arrow", from: roundPoint(shape.from), to: roundPoint(shape.to) };
    case "stroke":
      return { kind: "stroke", points: shape.points.map(roundPoint) };
    case "text":
      return { kind: "text", at: roundPoint(shape.at), text: shape.text };
  }
}
